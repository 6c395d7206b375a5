from django.core.mail import send_mail


def test_each_mail_is_written_to_its_own_file(settings):
    settings.EMAIL_BACKEND = "kaigon.mail.OneFilePerMessageBackend"
    for letter in "abcdef":  # several in the same second
        send_mail(
            f"Mail {letter} 第一封",
            f"Open https://example.com/{letter}",
            None,
            [f"{letter}@example.com"],
        )
    files = sorted(settings.EMAIL_FILE_PATH.iterdir())
    assert len(files) == 6
    contents = [path.read_text() for path in files]
    assert any("https://example.com/a" in text for text in contents)
    assert any("https://example.com/b" in text for text in contents)
    assert all(text.count("Subject:") == 1 for text in contents)
