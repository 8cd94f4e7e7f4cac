"""What a person sees of the shared layout: the navigation bar fits with a long name, the
year set-up's selects show the whole unit name, the site has a favicon."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_NAME = "Nguyễn Thị Phương Thảo Hoàng Lê Minh Khuê Bích Ngọc"


def test_the_navbar_does_not_overflow_at_1240px_with_a_long_name(open_as):
    get_user_model().objects.filter(username="bo").update(full_name=LONG_NAME)
    page = open_as("bo")
    page.set_viewport_size({"width": 1240, "height": 900})
    page.goto(page.base_url + "/")
    overflow = page.evaluate(
        """() => {
        const nav = document.querySelector('nav.navbar');
        const box = nav.getBoundingClientRect();
        const out = [...nav.querySelectorAll('a, button, select')].filter(el => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && (r.right > box.right + 0.5 || r.left < box.left - 0.5);
        }).map(el => el.textContent.trim());
        return {scroll: document.documentElement.scrollWidth, width: window.innerWidth,
                navScroll: nav.scrollWidth, navWidth: nav.clientWidth, out};
    }"""
    )
    assert overflow["out"] == [], overflow
    assert overflow["scroll"] <= overflow["width"], overflow
    assert overflow["navScroll"] <= overflow["navWidth"], overflow
    page.screenshot(path="/tmp/navbar-1240.png")


def test_the_year_setup_selects_show_the_chosen_unit(open_as):
    page = open_as("bo")
    page.goto(page.base_url + "/setup/2023/")
    cut = page.evaluate(
        """() => {
        const canvas = document.createElement('canvas').getContext('2d');
        return [...document.querySelectorAll('select.leader-select')].filter(select => {
            const style = getComputedStyle(select);
            canvas.font = `${style.fontSize} ${style.fontFamily}`;
            const text = select.options[select.selectedIndex].text;
            const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
            return canvas.measureText(text).width > room;
        }).map(select => select.options[select.selectedIndex].text);
    }"""
    )
    assert page.locator("select.leader-select").count() > 0
    assert cut == []
    page.screenshot(path="/tmp/year-setup.png", full_page=True)


def test_every_page_links_a_favicon_that_exists(client, demo):
    from django.contrib.staticfiles import finders

    client.force_login(get_user_model().objects.get(username="canbo"))
    html = client.get("/").content.decode()
    assert 'rel="icon"' in html and "favicon.svg" in html
    assert finders.find("favicon.svg")
