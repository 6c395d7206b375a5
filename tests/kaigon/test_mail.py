from django.core.mail import send_mail


def test_each_mail_is_written_to_its_own_file(settings):
    settings.EMAIL_BACKEND = "kaigon.mail.OneFilePerMessageBackend"
    send_mail("First 第一封", "Open https://example.com/a", None, ["a@example.com"])
    send_mail("Second", "Open https://example.com/b", None, ["b@example.com"])
    files = sorted(settings.EMAIL_FILE_PATH.iterdir())
    assert len(files) == 2
    contents = [path.read_text() for path in files]
    assert any("https://example.com/a" in text for text in contents)
    assert any("https://example.com/b" in text for text in contents)
    assert all(text.count("Subject:") == 1 for text in contents)
