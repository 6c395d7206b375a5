import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_home_page_renders_header_main_and_footer(page, browser_errors):
    page.goto("/")

    expect(page).to_have_title("Kaigon")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    header = page.locator("header.site-header")
    expect(header.get_by_role("link", name="Kaigon home")).to_be_visible()
    expect(header.get_by_text("Boards")).to_be_visible()
    expect(header.get_by_text("Chat")).to_be_visible()
    expect(header.get_by_role("searchbox", name="Search")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to Kaigon")
    expect(page.get_by_label("Language")).to_have_value("en")
    # Pico and our stylesheet applied (served by the app, not a CDN).
    assert (
        page.evaluate(
            "getComputedStyle(document.querySelector('.site-footer')).borderTopStyle"
        )
        == "solid"
    )
    assert page.evaluate("typeof window.htmx") == "object"
    assert browser_errors(page) == []  # includes Content-Security-Policy violations


def test_switching_to_traditional_chinese_changes_the_interface(page):
    page.goto("/")

    with page.expect_navigation():
        page.get_by_label("Language").select_option(label="繁體中文")

    expect(page.locator("html")).to_have_attribute("lang", "zh-hant")
    expect(page.get_by_role("heading", level=1)).to_have_text("歡迎來到 Kaigon")
    expect(page.locator("header.site-header")).to_contain_text("看板")
    expect(page.get_by_label("語言")).to_have_value("zh-hant")
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("歡迎來到 Kaigon")

    with page.expect_navigation():
        page.get_by_label("語言").select_option(label="English")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to Kaigon")


def test_language_switcher_works_without_javascript(new_page):
    page = new_page(java_script_enabled=False)
    page.goto("/")

    page.get_by_label("Language").select_option("zh-hant")
    page.get_by_role("button", name="Change language").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("歡迎來到 Kaigon")


def test_browser_asking_for_taiwanese_chinese_gets_it(new_page):
    page = new_page(locale="zh-TW")
    page.goto("/")

    expect(page.get_by_role("heading", level=1)).to_have_text("歡迎來到 Kaigon")


def test_home_page_fits_a_phone_screen(new_page, browser_errors):
    page = new_page(viewport={"width": 360, "height": 740}, is_mobile=True)
    page.goto("/")

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("searchbox", name="Search")).to_be_visible()
    expect(page.get_by_label("Language")).to_be_visible()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert browser_errors(page) == []
