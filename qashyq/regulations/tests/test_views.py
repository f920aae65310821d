"""Pages of regulations render in English, answer 404 to whom they are not for, and
their forms call the services (rule browser, rule page, rule pack, emergency mode)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from qashyq.accounts.models import User
from qashyq.institutions.models import Institution
from qashyq.institutions.tests.factories import InstitutionFactory
from qashyq.regulations.models import EmergencyPeriod, RulePack

Make = Callable[..., User]
EnClient = Callable[[User | None], Client]


def test_rule_browser_shows_every_rule_with_original_wording(
    make_user: Make, en_client: EnClient
) -> None:
    response = en_client(make_user("teacher")).get("/regulations/rules/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rules of distance and online learning" in html
    assert "Academic mobility: at most 60 credits by distance technologies" in html
    assert "Academic mobility: at most 20 % of credits at a distance" in html
    # The original Kazakh wording of S0 §26 is on the page.
    assert "60 академиялық кредиттен аспайтын ҚБТ қолданылады" in html


def test_rule_browser_filters_by_requirement_and_date(make_user: Make, en_client: EnClient) -> None:
    response = en_client(make_user("teacher")).get(
        "/regulations/rules/", {"requirement": "LIM-7", "as_of": "2021-03-01"}
    )
    html = response.content.decode()
    assert response.context["count"] == 2
    assert "mon-137-2020/26" in html
    assert "mon-137-2022/lim-7" in html
    assert html.count(">in force<") == 1
    assert html.count(">not in force<") == 1


def test_rule_browser_needs_sign_in(en_client: EnClient, db: None) -> None:
    assert en_client(None).get("/regulations/rules/").status_code == 302


def test_rule_detail_and_unknown_rule(make_user: Make, en_client: EnClient) -> None:
    client = en_client(make_user("teacher"))
    response = client.get("/regulations/rules/mon-137-2022/lim-7/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "wording of 06.10.2022" in html
    assert 'href="/regulations/rules/mon-137-2020/26/"' in html  # the wording it replaced
    assert client.get("/regulations/rules/no-such/rule/").status_code == 404


@pytest.mark.parametrize(("role", "status"), [("admin", 200), ("registrar", 404), ("teacher", 404)])
def test_rule_pack_page_for_administrators_only(
    make_user: Make, en_client: EnClient, role: str, status: int
) -> None:
    assert en_client(make_user(role)).get("/regulations/pack/").status_code == status


def test_rule_pack_page_applies_a_preset_and_refuses_to_loosen(
    make_user: Make, en_client: EnClient, institution: Institution
) -> None:
    client = en_client(make_user("admin"))
    response = client.post(
        "/regulations/pack/",
        {
            "institution": institution.pk,
            "action": "preset",
            "preset": "shakarim-e042",
            "adopted_on": "2026-09-01",
        },
    )
    assert response.status_code == 302
    pack = RulePack.objects.get(institution=institution)
    assert (pack.preset, pack.adopted_on, pack.items.count()) == (
        "shakarim-e042",
        dt.date(2026, 9, 1),
        6,
    )
    response = client.post(
        "/regulations/pack/",
        {
            "institution": institution.pk,
            "action": "rule",
            "rule": "mon-137-2022/lim-3",
            "include": "on",
            "p_limit_percent": "60",
        },
        follow=True,
    )
    assert (
        "A rule pack may only tighten a rule, never loosen it: limit_percent of mon-137-2022/lim-3"
        in response.content.decode()
    )
    client.post(
        "/regulations/pack/",
        {
            "institution": institution.pk,
            "action": "rule",
            "rule": "mon-137-2022/lim-3",
            "include": "on",
            "p_limit_percent": "40",
            "effective_from": "2026-09-01",
        },
    )
    item = pack.items.get(rule__code="mon-137-2022/lim-3")
    assert (item.parameters, item.effective_from) == ({"limit_percent": 40}, dt.date(2026, 9, 1))
    page = client.get("/regulations/pack/").content.decode()
    assert "Preset: shakarim-e042" in page


def test_emergency_page_switches_on_and_ends(
    make_user: Make, en_client: EnClient, institution: Institution
) -> None:
    client = en_client(make_user("registrar"))
    today = timezone.localdate()
    response = client.post(
        "/regulations/emergency/",
        {
            "institution": institution.pk,
            "starts_on": today.isoformat(),
            "ends_on": (today + dt.timedelta(days=30)).isoformat(),
            "reason": "Карантин",
        },
    )
    assert response.status_code == 302
    period = EmergencyPeriod.objects.get(institution=institution)
    assert "Emergency mode is on today" in client.get("/regulations/emergency/").content.decode()
    bad = client.post(
        "/regulations/emergency/",
        {
            "institution": institution.pk,
            "starts_on": today.isoformat(),
            "ends_on": today.isoformat(),
            "reason": "Again",
        },
    )
    assert bad.status_code == 422
    assert "already covers these dates" in bad.content.decode()
    assert client.post(f"/regulations/emergency/{period.pk}/end/").status_code == 302
    period.refresh_from_db()
    assert period.ends_on == today
    assert period.ended_at is not None


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("registrar", 200), ("dean", 404), ("student", 404)]
)
def test_emergency_page_access(
    make_user: Make, en_client: EnClient, role: str, status: int
) -> None:
    assert en_client(make_user(role)).get("/regulations/emergency/").status_code == status


def test_emergency_end_of_another_institution_is_404(
    make_user: Make, en_client: EnClient, db: None
) -> None:
    other = InstitutionFactory.create()
    period = EmergencyPeriod.objects.create(
        institution=other, starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31), reason="x"
    )
    assert (
        en_client(make_user("admin")).post(f"/regulations/emergency/{period.pk}/end/").status_code
        == 404
    )


def test_menu_links(make_user: Make, en_client: EnClient) -> None:
    html = en_client(make_user("admin")).get("/regulations/rules/").content.decode()
    assert 'href="/regulations/rules/">Rules<' in html
    assert 'href="/regulations/pack/">Rule pack<' in html
    assert 'href="/regulations/emergency/">Emergency mode<' in html
    teacher = en_client(make_user("teacher")).get("/regulations/rules/").content.decode()
    assert "/regulations/pack/" not in teacher


@pytest.mark.parametrize("model", ["legalact", "rule", "rulepack", "emergencyperiod"])
def test_admin_lists(make_user: Make, en_client: EnClient, model: str) -> None:
    client = en_client(make_user("superuser"))
    assert client.get(f"/admin/regulations/{model}/").status_code == 200


def test_admin_pack_form_refuses_to_loosen(db: None) -> None:
    from qashyq.regulations.admin import RulePackItemForm
    from qashyq.regulations.models import Rule

    rule = Rule.objects.get(code="mon-137-2022/lim-3")
    loose = RulePackItemForm(data={"rule": rule.pk, "parameters": '{"limit_percent": 55}'})
    tight = RulePackItemForm(data={"rule": rule.pk, "parameters": '{"limit_percent": 45}'})
    assert not loose.is_valid()
    assert loose.non_field_errors() == [
        "A rule pack may only tighten a rule, never loosen it: limit_percent."
    ]
    assert tight.is_valid(), tight.errors


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_pages_render_in_kazakh_and_russian(
    make_user: Make, en_client: EnClient, language: str
) -> None:
    client = en_client(make_user("admin"))
    client.cookies["qashyq_language"] = language
    for url in (
        "/regulations/rules/",
        "/regulations/rules/mon-137-2020/26/",
        "/regulations/pack/",
        "/regulations/emergency/",
    ):
        assert client.get(url).status_code == 200, url
    html = client.get("/regulations/rules/", {"requirement": "LIM-7"}).content.decode()
    title = {
        "kk": "Академиялық ұтқырлық: кредиттердің 20 %-ынан аспайды",
        "ru": "Академическая мобильность: не более 20 % кредитов",
    }[language]
    assert title in html
