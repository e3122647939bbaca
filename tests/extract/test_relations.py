"""The relation rules on sentences written for these tests (none comes from the seed
article or the dev texts), one family of phrasing at a time."""

from __future__ import annotations

import datetime

import pytest

from extract.article import Article
from extract.pipeline import Extractor

DAY = datetime.date(2022, 3, 16)  # a Wednesday


def facts(extractor: Extractor, text: str, relation: str | None = None) -> list[dict]:
    found = extractor.extract(Article("t", text, DAY)).to_json()["facts"]
    return [f for f in found if relation is None or f["relation"] == relation]


def keys(found: list[dict], *fields: str) -> set[tuple]:
    return {tuple(f[x] for x in fields) for f in found}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Boston City Council voted on Tuesday to ban facial recognition.",
            ("Boston City Council", "ban", "facial recognition"),
        ),
        (
            "Microsoft said it will no longer sell facial recognition to police departments.",
            ("Microsoft", "discontinuation", "facial recognition"),
        ),
        (
            "Drones made by DJI were banned by the Florida Legislature.",
            ("Florida Legislature", "ban", "drone"),
        ),
        (
            "Axon paused its work on drones after its ethics board resigned.",
            ("Axon", "pause", "drone"),
        ),
    ],
)
def test_restrictions_in_several_shapes(extractor: Extractor, text: str, expected: tuple) -> None:
    assert expected in keys(facts(extractor, text, "restricts"), "authority", "kind", "technology")


@pytest.mark.parametrize(
    "text",
    [
        "The Boston City Council could ban facial recognition next year.",
        "Microsoft denied that it would stop selling facial recognition.",
        "The Portland City Council is considering a ban on facial recognition.",
        "Axon did not pause its drone programme.",
    ],
)
def test_hypotheticals_and_denials_assert_nothing(extractor: Extractor, text: str) -> None:
    assert facts(extractor, text, "restricts") == []


def test_proposals_are_proposed_bans(extractor: Extractor) -> None:
    found = facts(
        extractor, "Senator Ed Markey introduced a bill to ban facial recognition by federal agencies."
    )
    assert {f["kind"] for f in found if f["relation"] == "restricts"} <= {"proposed-ban"}


def test_duration_start_and_end(extractor: Extractor) -> None:
    text = "Microsoft announced today an 18-month moratorium on sales of facial recognition to police."
    (restriction,) = facts(extractor, text, "restricts")
    assert restriction["duration"] == "P18M"
    assert (restriction["start"], restriction["end"]) == ("2022-03-16", "2023-09-16")
    assert restriction["scope"] == "police"


def test_until_gives_the_end(extractor: Extractor) -> None:
    text = "The Vermont Legislature banned facial recognition by police until July 1, 2024."
    (restriction,) = facts(extractor, text, "restricts")
    assert restriction["end"] == "2024-07-01"


def test_exemptions_in_a_later_sentence(extractor: Extractor) -> None:
    text = (
        "Microsoft announced a one-year pause on sales of facial recognition to police. "
        "It will still allow the ACLU and Thorn to use facial recognition to find missing children."
    )
    (restriction,) = facts(extractor, text, "restricts")
    assert set(restriction["exempt"]) == {"American Civil Liberties Union", "Thorn"}


def test_sales_and_contracts_are_supplies(extractor: Extractor) -> None:
    text = (
        "Flock Safety sells license plate readers to police departments. "
        "The Chicago Police Department signed a contract with SoundThinking."
    )
    found = keys(facts(extractor, text, "supplies"), "vendor", "customer")
    assert ("Flock Safety", "police") in found
    assert ("SoundThinking", "Chicago Police Department") in found


def test_uses_with_purpose(extractor: Extractor) -> None:
    text = "The New York City Police Department used Digidog to inspect dangerous buildings."
    (use,) = facts(extractor, text, "uses")
    assert use["user"] == "New York City Police Department"
    assert use["purpose"] == "inspect dangerous buildings"


def test_offers_and_categories(extractor: Extractor) -> None:
    text = (
        "ShotSpotter is a gunshot detection system. "
        "Clearview AI, a facial recognition company, met investors. "
        "Drones made by Skydio are popular."
    )
    found = facts(extractor, text)
    assert ("ShotSpotter", "gunshot detection") in keys(
        [f for f in found if f["relation"] == "category"], "technology", "category"
    )
    offers = keys([f for f in found if f["relation"] == "offers"], "vendor", "technology")
    assert {("Clearview AI", "facial recognition"), ("Skydio", "drone")} <= offers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # examples of a kind, listed
        ("The council warned staff about mobile apps such as TikTok and WeChat.",
         {("TikTok", "mobile app"), ("WeChat", "mobile app")}),
        ("Officers may not install messaging apps like WeChat on work phones.",
         {("WeChat", "messaging app")}),
        # the kind right after the name, or inside the name the text uses
        ("The sheriff bought three Skydio X2 drones last spring.", {("Skydio X2", "drone")}),
        ("Researchers found Pegasus spyware on the phones of two reporters.", {("Pegasus", "spyware")}),
        # a copula past an aside, and a kind naming the product after it
        ("ShotSpotter, according to the vendor, is a gunshot detection system.",
         {("ShotSpotter", "gunshot detection")}),
        ('The county leased a gunshot detection system known as "ShotSpotter" in 2019.',
         {("ShotSpotter", "gunshot detection")}),
    ],
)  # fmt: skip
def test_categories_in_several_shapes(extractor: Extractor, text: str, expected: set) -> None:
    assert keys(facts(extractor, text, "category"), "technology", "category") == expected


def test_a_product_named_before_another_kind_is_not_of_that_kind(extractor: Extractor) -> None:
    # Android runs on the phone; the phone is not Android
    found = facts(extractor, "Motorola sells an Android smartphone for under $200.", "category")
    assert ("Android", "smartphone") not in keys(found, "technology", "category")


def test_a_described_company_is_the_last_company_named(extractor: Extractor) -> None:
    text = (
        "Palantir won praise from investors this week. "
        "The Denver-based company sold its analytics software to the Los Angeles Police Department."
    )
    found = facts(extractor, text, "supplies")
    assert ("Palantir", "Los Angeles Police Department") in keys(found, "vendor", "customer")


def test_a_description_does_not_swallow_the_kind_it_names(extractor: Extractor) -> None:
    text = "Skydio, the California drone company, raised money. Axon bought a stake in it."
    offers = keys(facts(extractor, text, "offers"), "vendor", "technology")
    assert ("Skydio", "drone") in offers


def test_agencies_written_with_lower_case_inner_words(extractor: Extractor) -> None:
    text = "Axon sold body cameras to the Metropolitan police service and the Federal bureau of investigation"
    customers = {f["customer"] for f in facts(extractor, text, "supplies")}
    assert {"Metropolitan Police Service", "Federal Bureau of Investigation"} <= customers


def test_the_members_a_sale_spells_out_replace_the_group(extractor: Extractor) -> None:
    text = "Cellebrite sold phone-cracking tools to police in Canada, namely the Toronto police and RCMP."
    customers = {f["customer"] for f in facts(extractor, text, "supplies")}
    assert customers == {"Toronto Police Service", "Royal Canadian Mounted Police"}


def test_the_council_of_a_place_is_named_after_it(extractor: Extractor) -> None:
    text = (
        "Oakland weighed its options for months. On Tuesday the city council voted to ban facial recognition."
    )
    (ban,) = facts(extractor, text, "restricts")
    assert ban["authority"] == "Oakland City Council"


@pytest.mark.parametrize(
    ("text", "authority"),
    [
        (
            "Fresno, a city in California, has argued about police cameras since 2019. "
            "On Monday the Board of Supervisors voted to prohibit facial recognition.",
            "Fresno Board of Supervisors",
        ),
        (
            "Tucson is the second city in Arizona to act. Arizona lawmakers have not. "
            "Arizona's governor said nothing. Late Thursday the City Council banned license plate readers.",
            "Tucson City Council",
        ),
        (
            "Residents of Spokane packed the hall. The Police Department said it would comply. "
            "Later Washington State moved too: the General Assembly banned predictive policing.",
            "Washington State General Assembly",
        ),
    ],
)
def test_a_body_named_without_its_place_takes_the_place_of_its_scale(
    extractor: Extractor, text: str, authority: str
) -> None:
    authorities = {f["authority"] for f in facts(extractor, text, "restricts")}
    assert authorities == {authority}


def test_a_weekday_before_a_name_is_not_part_of_it(extractor: Extractor) -> None:
    text = "On Friday the Transit Authority stopped using drones."
    names = {e["name"] for e in extractor.extract(Article("t", text, DAY)).to_json()["entities"]}
    assert "Transit Authority" in names
    assert not any(name.startswith("Friday") for name in names)


@pytest.mark.parametrize(
    ("text", "asserted"),
    [
        ("Critics said the software may misfire, and Tucson in May banned gunshot detection.", True),
        ("The mayor warned that residents could suffer and Tucson then banned gunshot detection.", True),
        ("The Lisbon City Council could have banned gunshot detection last year.", False),
        ("The Lisbon City Council may soon be barred from using gunshot detection.", False),
        ("The Lisbon City Council might ban gunshot detection.", False),
    ],
)
def test_a_modal_governs_only_its_own_verb(extractor: Extractor, text: str, asserted: bool) -> None:
    assert bool(facts(extractor, text, "restricts")) is asserted


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Drone deliveries of prescriptions are now prohibited in Norway, the transport ministry said.",
            ("Norway", "drone"),
        ),
        ("Since March, gunshot detection has been banned across Denmark.", ("Denmark", "gunshot detection")),
        (
            "Washington State lawmakers passed the measure in April. The law bans police from flying drones.",
            ("Washington State", "drone"),
        ),
        (
            "Ohio legislators approved a bill that bans predictive policing in state agencies.",
            ("Ohio", "predictive policing"),
        ),
    ],
)
def test_who_restricts_when_the_text_names_a_place_or_a_law(
    extractor: Extractor, text: str, expected: tuple
) -> None:
    assert expected in keys(facts(extractor, text, "restricts"), "authority", "technology")


def test_a_technology_inside_the_name_of_a_law_is_not_mentioned() -> None:
    from extract.pipeline import build_pipeline

    doc = build_pipeline()("The Predictive Policing Act took effect in Ohio.")
    assert [(e.text, e.label_) for e in doc.ents] == [("Ohio", "Place")]


def test_a_known_place_keeps_its_type_though_its_name_ends_in_a_cue(extractor: Extractor) -> None:
    found = extractor.extract(Article("t", "The European Union is weighing rules.", DAY)).to_json()
    assert [(e["name"], e["type"]) for e in found["entities"]] == [("European Union", "Place")]


def test_a_maker_named_in_an_appositive(extractor: Extractor) -> None:
    text = "Deputies relied on Nightjar, a drone-tracking app built by Corvid Systems, during the protests."
    assert ("Corvid Systems", "Nightjar") in keys(facts(extractor, text, "offers"), "vendor", "technology")


def test_a_purchase_of_a_product_named_with_its_kind(extractor: Extractor) -> None:
    text = "The Denver Police Department bought 12 Osprey drones from Aerial Nine Inc. last year."
    found = keys(facts(extractor, text, "supplies"), "vendor", "customer", "technology")
    assert found == {("Aerial Nine Inc.", "Denver Police Department", "Osprey")}


def test_a_purpose_after_a_time_phrase(extractor: Extractor) -> None:
    text = "The Oakland Police Department has used ShotSpotter since 2019 to find shooting scenes faster."
    (use,) = facts(extractor, text, "uses")
    assert use["purpose"] == "find shooting scenes faster"


DHS, FBI = "Department of Homeland Security", "Federal Bureau of Investigation"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Department of Homeland Security awarded its new biometrics contract to Idemia and NEC.",
            {("Idemia", DHS), ("NEC", DHS)},
        ),
        (
            "Skydio won a $99 million contract from the Department of Homeland Security for drones.",
            {("Skydio", DHS)},
        ),
        (
            "The Federal Bureau of Investigation selected Clearview AI and Palantir to provide face search.",
            {("Clearview AI", FBI), ("Palantir", FBI)},
        ),
        (
            "The Fairview Unified School District installed Evolv weapons scanners last spring.",
            {("Evolv Technology", "Fairview Unified School District")},
        ),
    ],
)
def test_contracts_awarded_won_and_chosen(extractor: Extractor, text: str, expected: set) -> None:
    assert keys(facts(extractor, text, "supplies"), "vendor", "customer") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Skydio won an award for drone design at the Paris show.",
        "The Federal Bureau of Investigation selected Clearview AI as a case study.",
        "The Department of Homeland Security awarded medals to Idemia staff.",
    ],
)
def test_winning_and_choosing_without_a_contract_supply_nothing(extractor: Extractor, text: str) -> None:
    assert facts(extractor, text, "supplies") == []


def test_a_place_acts_through_the_body_that_restricts_the_same_technology(extractor: Extractor) -> None:
    text = (
        "Portugal bans Worldcoin\n"
        "Portugal's data protection authority ordered Worldcoin to suspend its iris scans for 90 days."
    )
    authorities = {f["authority"] for f in facts(extractor, text, "restricts")}
    assert "Portugal" not in authorities


def test_an_office_of_a_place_written_in_lower_case(extractor: Extractor) -> None:
    text = "Ohio's attorney general told sheriffs to stop using Clearview AI."
    found = extractor.extract(Article("t", text, DAY)).to_json()["entities"]
    assert ("Ohio Attorney General", "GovernmentAgency") in {(e["name"], e["type"]) for e in found}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Axon's customers include the Phoenix Police Department and the Denver Police Department.",
         {("Axon", "Phoenix Police Department"), ("Axon", "Denver Police Department")}),
        ("Palantir counts the Los Angeles Police Department among its clients.",
         {("Palantir", "Los Angeles Police Department")}),
        ("ShotSpotter's clients such as the Chicago Police Department renewed early.",
         {("SoundThinking", "Chicago Police Department")}),
    ],
)  # fmt: skip
def test_customer_lists_are_supplies(extractor: Extractor, text: str, expected: set) -> None:
    assert keys(facts(extractor, text, "supplies"), "vendor", "customer") == expected


def test_a_passive_use_takes_its_users_from_by(extractor: Extractor) -> None:
    text = "Cell-site simulators were used by the Baltimore Police Department and the FBI to track phones."
    found = facts(extractor, text, "uses")
    assert keys(found, "user", "technology") == {
        ("Baltimore Police Department", "cell-site simulator"),
        ("Federal Bureau of Investigation", "cell-site simulator"),
    }
    assert {f["purpose"] for f in found} == {"track phones"}


def test_names_that_open_with_their_cue_word(extractor: Extractor) -> None:
    text = "Axon met investors.\nThe Ministry of Public Security banned Axon body cameras in March."
    (ban,) = facts(extractor, text, "restricts")
    assert ban["authority"] == "Ministry of Public Security"


def test_a_places_lawmakers_act_for_it(extractor: Extractor) -> None:
    (ban,) = facts(
        extractor, "Maine legislators approved a ban on facial recognition in schools.", "restricts"
    )
    assert ban["authority"] == "Maine"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Flock Safety has partnered with the Atlanta Police Department since 2021.",
         {("Flock Safety", "Atlanta Police Department")}),
        ("Ring, the camera maker Amazon bought in 2018, has partnerships with the Fresno Police Department.",
         {("Ring", "Fresno Police Department")}),
        ("The Denver Police Department signed a contract with ShotSpotter in 2015.",
         {("SoundThinking", "Denver Police Department")}),
    ],
)  # fmt: skip
def test_partnerships_and_contracts_are_supplies(extractor: Extractor, text: str, expected: set) -> None:
    assert keys(facts(extractor, text, "supplies"), "vendor", "customer") == expected


def test_ending_a_contract_is_a_discontinuation(extractor: Extractor) -> None:
    text = "The Fall River Police Department cancelled its contract with ShotSpotter on Monday."
    (end,) = facts(extractor, text, "restricts")
    assert (end["authority"], end["kind"], end["technology"]) == (
        "Fall River Police Department",
        "discontinuation",
        "ShotSpotter",
    )


def test_using_a_company_is_using_what_it_offers(extractor: Extractor) -> None:
    text = "Clearview AI is a facial recognition company. The Miami Police Department used Clearview AI."
    (use,) = facts(extractor, text, "uses")
    assert (use["user"], use["technology"], use["vendor"]) == (
        "Miami Police Department",
        "facial recognition",
        "Clearview AI",
    )


def test_ending_its_own_services_restricts_what_the_company_offers(extractor: Extractor) -> None:
    text = "Geofeedia makes social media monitoring software. In 2016 Geofeedia stopped selling its products."
    (end,) = facts(extractor, text, "restricts")
    assert (end["authority"], end["kind"], end["technology"]) == (
        "Geofeedia",
        "discontinuation",
        "social media monitoring",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Axon, the maker of body cameras, bought Dedrone.", ("Axon", "body camera")),
        ("SoundThinking, the company behind ShotSpotter, grew.", ("SoundThinking", "ShotSpotter")),
        ("Dahua, which makes surveillance cameras, was added to a list.", ("Dahua", "surveillance camera")),
        ("Motorola Solutions unveiled a license plate reader on Monday.",
         ("Motorola Solutions", "license plate reader")),
        ("Evolv sells AI weapons scanners to schools.", ("Evolv Technology", "weapons detection")),
    ],
)  # fmt: skip
def test_offers_in_more_shapes(extractor: Extractor, text: str, expected: tuple) -> None:
    assert expected in keys(facts(extractor, text, "offers"), "vendor", "technology")


def test_a_sale_in_another_clause_is_not_this_sales_customer(extractor: Extractor) -> None:
    text = "Cellebrite, a firm that sells phone-cracking tools, said it would stop sales to Russia."
    assert facts(extractor, text, "supplies") == []


def test_customers_after_but_also_to(extractor: Extractor) -> None:
    text = "Voyager Labs sold its software not only to police departments, but also to landlords."
    customers = {f["customer"] for f in facts(extractor, text, "supplies")}
    assert customers == {"police", "landlords"}


def test_forbidding_is_a_ban(extractor: Extractor) -> None:
    (ban,) = facts(extractor, "On Monday Portland forbade police to use facial recognition.", "restricts")
    assert (ban["authority"], ban["kind"], ban["start"]) == ("Portland", "ban", "2022-03-14")


def test_unknown_organisations_from_cues(extractor: Extractor) -> None:
    text = "The Sedona Police Department signed a contract with a company called Veridian Labs."
    article = extractor.extract(Article("t", text, DAY))
    names = {(e.name, e.type) for e in article.entities}
    assert ("Sedona Police Department", "LawEnforcementAgency") in names
    assert ("Veridian Labs", "Company") in names


def test_every_fact_has_evidence_and_confidence(extractor: Extractor) -> None:
    text = "Flock Safety sells license plate readers to police departments."
    for fact in facts(extractor, text):
        assert fact["evidence"] == text
        assert 0.5 <= fact["confidence"] <= 1.0


def test_an_article_with_nothing_to_find(extractor: Extractor) -> None:
    text = "The Seattle Seahawks beat the Denver Broncos 17-16 on Monday night."
    assert facts(extractor, text) == []


def test_an_order_to_stop_is_a_ban_by_whoever_ordered_it(extractor: Extractor) -> None:
    text = "The Federal Trade Commission ordered Rite Aid to stop using facial recognition for five years."
    found = keys(facts(extractor, text, "restricts"), "authority", "kind", "technology")
    assert found == {("Federal Trade Commission", "ban", "facial recognition")}


def test_the_target_of_an_order_is_never_the_authority(extractor: Extractor) -> None:
    text = "Clearview AI was ordered to cease collecting images for its facial recognition tool."
    assert all(f["authority"] != "Clearview AI" for f in facts(extractor, text, "restricts"))


def test_passive_restrictions_take_the_authority_from_context(extractor: Extractor) -> None:
    text = (
        "The Maine Legislature passed the strictest statewide law yet. "
        "Maine police officers are now barred from using facial recognition in most cases."
    )
    found = keys(facts(extractor, text, "restricts"), "authority", "technology")
    assert found == {("Maine Legislature", "facial recognition")}


def test_a_places_police_force_is_an_agency(extractor: Extractor) -> None:
    article = extractor.extract(Article("t", "Ohio police trialled the software.", DAY))
    assert ("Ohio Police", "LawEnforcementAgency") in {(e.name, e.type) for e in article.entities}


def test_questions_assert_nothing(extractor: Extractor) -> None:
    assert facts(extractor, "Will the Boston City Council ban facial recognition?") == []


def test_complying_with_regulations_is_no_regulation(extractor: Extractor) -> None:
    text = "Clearview AI said its facial recognition tool complies with all privacy regulations."
    assert facts(extractor, text, "restricts") == []
    issued = "The European Commission adopted regulations on facial recognition in public spaces."
    assert keys(facts(extractor, issued, "restricts"), "authority", "kind") == {
        ("European Commission", "regulation")
    }


def test_only_governments_put_companies_on_the_entity_list(extractor: Extractor) -> None:
    text = "The Commerce Department placed Candiru, a maker of spyware, on the entity list."
    found = keys(facts(extractor, text, "restricts"), "authority")
    assert found == {("Commerce Department",)} or found == {("Department of Commerce",)}


def test_a_located_or_possessive_name_is_not_the_subject(extractor: Extractor) -> None:
    located = "The Fresno Police Department, in California, began using ShotSpotter."
    assert keys(facts(extractor, located, "uses"), "user") == {("Fresno Police Department",)}
    possessive = "Oregon's largest city, Portland, banned facial recognition in stores."
    assert all(f["authority"] != "Oregon" for f in facts(extractor, possessive, "restricts"))


def test_the_technology_of_a_restriction_is_in_its_clause(extractor: Extractor) -> None:
    text = "Geolitica will cease operations this year, and SoundThinking will take over ShotSpotter."
    assert facts(extractor, text, "restricts") == []


def test_an_extension_revises_the_restriction(extractor: Extractor) -> None:
    text = (
        "Microsoft announced today a one-year moratorium on sales of facial recognition to police. "
        "Later, Microsoft extended its moratorium indefinitely."
    )
    (restriction,) = facts(extractor, text, "restricts")
    assert restriction["start"] == "2022-03-16" and restriction["end"] is None


def test_an_extension_by_a_duration_moves_the_end(extractor: Extractor) -> None:
    text = (
        "The Vermont Legislature passed a moratorium on facial recognition until July 1, 2024. "
        "The Vermont Legislature then extended the moratorium for six months."
    )
    (restriction,) = facts(extractor, text, "restricts")
    assert restriction["end"] == "2025-01-01"


def test_a_trained_pipeline_adds_its_entities(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A pipeline saved to disk stands in for an installed trained one: its entity
    recognizer knows a company no rule of ours could find."""
    import spacy

    from extract.pipeline import build_pipeline

    stand_in = spacy.blank("en")
    stand_in.add_pipe("entity_ruler").add_patterns([{"label": "ORG", "pattern": "Zorblax"}])
    stand_in.to_disk(tmp_path / "model")
    text = "Police departments in Ohio buy license plate readers from Zorblax."
    with_model = Extractor(build_pipeline(model=str(tmp_path / "model")))
    found = keys(facts(with_model, text, "supplies"), "vendor", "customer")
    assert found == {("Zorblax", "police")}
    assert facts(Extractor(), text, "supplies") == []


def test_one_restriction_per_listed_technology(extractor: Extractor) -> None:
    text = "The Montana Legislature banned TikTok, WeChat and Telegram on state devices."
    found = keys(facts(extractor, text, "restricts"), "technology")
    assert {("TikTok",), ("WeChat",), ("Telegram",)} <= found


def test_an_apposition_is_not_a_list(extractor: Extractor) -> None:
    text = "Amazon suspended police use of Rekognition, its facial recognition service, for a year."
    assert keys(facts(extractor, text, "restricts"), "technology") == {("Rekognition",)}


def test_makers_named_past_an_aside_or_by_passives(extractor: Extractor) -> None:
    aside = "Motorola Solutions, which bought Vigilant Solutions in 2019, also sells license plate readers."
    assert ("Motorola Solutions", "license plate reader") in keys(
        facts(extractor, aside, "offers"), "vendor", "technology"
    )
    passive = "Pegasus was first built by NSO Group and is sold by NSO Group's affiliates."
    assert ("NSO Group", "Pegasus") in keys(facts(extractor, passive, "offers"), "vendor", "technology")


def test_customers_spelled_out_after_a_colon(extractor: Extractor) -> None:
    text = (
        "Axon supplies body cameras to three big-city forces: "
        "the LAPD, the NYPD and the Chicago Police Department."
    )
    customers = {c for _, c in keys(facts(extractor, text, "supplies"), "vendor", "customer")}
    assert {
        "Los Angeles Police Department",
        "New York City Police Department",
        "Chicago Police Department",
    } <= customers


def test_installing_and_testing_are_uses(extractor: Extractor) -> None:
    text = "The Oakland Police Department installed ShotSpotter and began testing Digidog."
    users = keys(facts(extractor, text, "uses"), "user", "technology")
    assert ("Oakland Police Department", "ShotSpotter") in users


def test_prohibited_uses_and_sales_are_not_uses_or_sales(extractor: Extractor) -> None:
    text = "Georgia barred state agencies and their contractors from using TikTok on work phones."
    assert facts(extractor, text, "uses") == []
    sale = "The Commerce Department banned Kaspersky from selling antivirus software to American customers."
    assert facts(extractor, sale, "supplies") == []


def test_the_ban_mentioned_again_is_no_new_ban(extractor: Extractor) -> None:
    text = (
        "The Portland City Council voted to ban facial recognition in stores. "
        "Critics said the ban would hurt sellers of facial recognition in the Lloyd Center."
    )
    assert len(facts(extractor, text, "restricts")) == 1


def test_abandoned_restrictions_are_not_restrictions(extractor: Extractor) -> None:
    for text in (
        "The Oregon Legislature dropped a proposed ban on facial recognition.",
        "The city scrapped the idea of a moratorium on license plate readers.",
        "Lawmakers rejected a ban on drones over stadiums.",
    ):
        assert facts(extractor, text, "restricts") == [], text


def test_no_longer_selling_is_no_sale_and_places_are_no_customers(extractor: Extractor) -> None:
    stopped = "Clearview AI will no longer sell its facial recognition tool to companies in Illinois."
    assert facts(extractor, stopped, "supplies") == []
    located = "Flock Safety sells license plate readers to police departments outside Illinois."
    assert keys(facts(extractor, located, "supplies"), "customer") == {("police",)}


def test_stopping_a_use_is_no_use(extractor: Extractor) -> None:
    text = "The Denver Police Department will stop using ShotSpotter next month."
    assert facts(extractor, text, "uses") == []
    assert keys(facts(extractor, text, "restricts"), "authority", "kind") == {
        ("Denver Police Department", "discontinuation")
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Skydio, a California company that builds autonomous drones, opened a plant.",
            ("Skydio", "drone"),
        ),
        (
            "Reporters wrote about Banjo, a monitoring service that uses artificial intelligence.",
            ("Banjo", "artificial intelligence"),
        ),
        ("Investigators met Cytrox, the North Macedonian developer of Predator.", ("Cytrox", "Predator")),
        ("The state replaced body cameras from Axon last spring.", ("Axon", "body camera")),
        (
            "Several schools switched off their Hikvision surveillance cameras.",
            ("Hikvision", "surveillance camera"),
        ),
        (
            "The Federal Bureau of Investigation praised Paragon Solutions' new Graphite spyware.",
            ("Paragon Solutions", "Graphite"),
        ),
        (
            "Motorola Solutions sold license plate readers for years.",
            ("Motorola Solutions", "license plate reader"),
        ),
    ],
)
def test_offers_from_appositions_modifiers_and_sources(
    extractor: Extractor, text: str, expected: tuple
) -> None:
    assert expected in keys(facts(extractor, text, "offers"), "vendor", "technology")


def test_a_subsidiary_aside_does_not_become_the_seller(extractor: Extractor) -> None:
    found = facts(
        extractor, "Ring, a unit of Amazon, supplies doorbell cameras to police in Texas.", "supplies"
    )
    assert {f["vendor"] for f in found} == {"Ring"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Past customers of Cellebrite have included the Secret Service and the FBI.",
            {("Cellebrite", "U.S. Secret Service"), ("Cellebrite", "Federal Bureau of Investigation")},
        ),
        (
            "The Department of Homeland Security purchased Cellebrite phone extraction tools last year.",
            {("Cellebrite", "Department of Homeland Security")},
        ),
        (
            "The Tucson Police Department paid Axon $2 million for body cameras.",
            {("Axon", "Tucson Police Department")},
        ),
    ],
)
def test_supplies_from_lists_purchases_and_payments(extractor: Extractor, text: str, expected: set) -> None:
    assert expected <= keys(facts(extractor, text, "supplies"), "vendor", "customer")


def test_access_to_a_tool_is_its_use(extractor: Extractor) -> None:
    found = facts(extractor, "The Secret Service had access to ShotSpotter for two years.", "uses")
    assert ("U.S. Secret Service", "ShotSpotter") in keys(found, "user", "technology")


def test_a_supply_to_an_agency_is_its_use(extractor: Extractor) -> None:
    found = facts(
        extractor, "SoundThinking supplied ShotSpotter to the Department of Homeland Security.", "uses"
    )
    assert keys(found, "user", "technology", "vendor") == {
        ("Department of Homeland Security", "ShotSpotter", "SoundThinking")
    }


def test_a_product_and_its_listed_maker_in_one_sentence_are_an_offer(extractor: Extractor) -> None:
    found = facts(extractor, "SoundThinking defended ShotSpotter before the council.", "offers")
    assert ("SoundThinking", "ShotSpotter") in keys(found, "vendor", "technology")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Clearview AI sells facial recognition. "
            "Lawmakers debated the use of Clearview AI by the Houston Police Department.",
            ("Houston Police Department", "facial recognition", "Clearview AI"),
        ),
        ("ShotSpotter was installed in San Diego in 2021.", ("San Diego", "ShotSpotter", None)),
        (
            "The Denver Police Department outfitted patrol cars with license plate readers.",
            ("Denver Police Department", "license plate reader", None),
        ),
    ],
)
def test_uses_in_nominal_passive_and_equipment_shapes(
    extractor: Extractor, text: str, expected: tuple
) -> None:
    assert expected in keys(facts(extractor, text, "uses"), "user", "technology", "vendor")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Seattle Police Department, a Clearview AI customer until 2020, declined to comment.",
            ("Clearview AI", "Seattle Police Department"),
        ),
        (
            "The Oakland City Council awarded Axon a five-year contract for body cameras.",
            ("Axon", "Oakland City Council"),
        ),
    ],
)
def test_supplies_from_customer_appositions_and_awards(
    extractor: Extractor, text: str, expected: tuple
) -> None:
    assert expected in keys(facts(extractor, text, "supplies"), "vendor", "customer")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "A deal between the Dallas Police Department and Axon was signed in May.",
            ("Axon", "Dallas Police Department"),
        ),
        (
            "Axon provided the Phoenix Police Department with body cameras.",
            ("Axon", "Phoenix Police Department"),
        ),
        (
            "The Boston Police Department was a client of Geofeedia.",
            ("Geofeedia", "Boston Police Department"),
        ),
        (
            "The Atlanta Police Department purchased 300 licences from Clearview AI.",
            ("Clearview AI", "Atlanta Police Department"),
        ),
    ],
)
def test_supplies_between_parties_with_direct_customers_and_sources(
    extractor: Extractor, text: str, expected: tuple
) -> None:
    assert expected in keys(facts(extractor, text, "supplies"), "vendor", "customer")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Geofeedia sold social media monitoring to police. "
            "The Denver Police Department ended its contract with Geofeedia in 2016.",
            ("Denver Police Department", "discontinuation", "social media monitoring"),
        ),
        (
            "Dahua makes surveillance cameras. The Commerce Department added Dahua to the entity list.",
            ("Department of Commerce", "ban", "surveillance camera"),
        ),
        (
            "Cytrox, the maker of Predator, was sanctioned. "
            "The Commerce Department imposed export controls on Cytrox.",
            ("Department of Commerce", "limit", "Predator"),
        ),
        (
            "The Boston Police Department will end its use of ShotSpotter next year.",
            ("Boston Police Department", "discontinuation", "ShotSpotter"),
        ),
    ],
)
def test_restrictions_of_what_a_named_company_offers(
    extractor: Extractor, text: str, expected: tuple
) -> None:
    assert expected in keys(facts(extractor, text, "restricts"), "authority", "kind", "technology")


def test_a_company_restricted_without_any_offering_in_the_article_gives_no_fact(extractor: Extractor) -> None:
    text = "The Commerce Department added Dahua to the entity list."
    assert facts(extractor, text, "restricts") == []


def test_a_passive_maker_after_a_kind_noun_or_a_comma(extractor: Extractor) -> None:
    found = facts(
        extractor,
        "The gunshot detection system is built by Corvant, a Utah company. "
        "The drones, made by Skydio, arrived in May.",
        "offers",
    )
    assert {("Corvant", "gunshot detection"), ("Skydio", "drone")} <= keys(found, "vendor", "technology")


def test_a_head_noun_stands_for_the_technology_named_before(extractor: Extractor) -> None:
    text = (
        "Hollis County installed license plate reader cameras on two bridges in 2021. "
        "The cameras are made by Flock Safety, the sheriff said."
    )
    assert ("Flock Safety", "license plate reader") in keys(
        facts(extractor, text, "offers"), "vendor", "technology"
    )


def test_the_technology_is_what_the_article_is_about(extractor: Extractor) -> None:
    text = (
        "The Dallas Police Department tested facial recognition in March. "
        "Officers had posted photos of suspects on social media before. "
        "The department said it would deploy the technology in two precincts."
    )
    uses = keys(facts(extractor, text, "uses"), "technology")
    assert uses and uses <= {("facial recognition",)}


def test_counted_customers_belong_to_the_subject(extractor: Extractor) -> None:
    found = facts(
        extractor, "Evolv Technology counts Fenway Park and Soldier Field among its clients.", "supplies"
    )
    assert keys(found, "vendor", "customer") == {
        ("Evolv Technology", "Fenway Park"),
        ("Evolv Technology", "Soldier Field"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "The sheriff's office made no offer to buy drones from Skydio.",
        "The city has no plans to buy ShotSpotter from SoundThinking.",
    ],
)
def test_no_offer_and_no_plans_are_negations(extractor: Extractor, text: str) -> None:
    assert facts(extractor, text, "supplies") == []


def test_a_limited_number_is_no_restriction(extractor: Extractor) -> None:
    text = "Kroger said it tried facial recognition in a limited number of stores."
    assert facts(extractor, text, "restricts") == []


def test_stopping_ones_own_use_says_nothing_of_what_one_sells(extractor: Extractor) -> None:
    found = facts(extractor, "Rite Aid said it stopped using facial recognition in 2021.")
    assert ("Rite Aid", "discontinuation", "facial recognition") in keys(
        [f for f in found if f["relation"] == "restricts"], "authority", "kind", "technology"
    )
    assert [f for f in found if f["relation"] == "offers"] == []


def test_it_after_a_verb_is_the_thing_not_the_company(extractor: Extractor) -> None:
    text = "Candiru built spyware and sold it to foreign governments, the Commerce Department said."
    found = facts(extractor, text)
    assert not any("Candiru" in (f.get("customer"), f.get("user")) for f in found)


def test_a_purchase_without_a_seller_is_from_the_one_vendor_of_what_was_bought(extractor: Extractor) -> None:
    text = (
        "Blue Ridge Analytics sells gunshot detection to cities. "
        "The Yonkers Police Department and the Troy Police Department bought the technology last year."
    )
    assert keys(facts(extractor, text, "supplies"), "vendor", "customer") >= {
        ("Blue Ridge Analytics", "Yonkers Police Department"),
        ("Blue Ridge Analytics", "Troy Police Department"),
    }


def test_a_purchase_is_from_nobody_when_several_vendors_offer_it(extractor: Extractor) -> None:
    text = (
        "Axon and Motorola Solutions sell body cameras. "
        "The Fresno Police Department bought body cameras in 2020."
    )
    assert facts(extractor, text, "supplies") == []


def test_a_participle_use_is_asserted_under_a_hypothetical_main_clause(extractor: Extractor) -> None:
    found = facts(
        extractor, "The ruling could disrupt hospitals using facial recognition at their entrances.", "uses"
    )
    assert ("hospitals", "facial recognition") in keys(found, "user", "technology")
    assert facts(extractor, "The hospitals could start using facial recognition.", "uses") == []


def test_a_headline_place_acts_through_the_one_body_named_after_it(extractor: Extractor) -> None:
    text = (
        "Boston bans facial recognition\n\n"
        "The Boston City Council heard from residents for two hours on Tuesday before the vote."
    )
    assert keys(facts(extractor, text, "restricts"), "authority") == {("Boston City Council",)}
    two_bodies = text + " The Boston Planning Department had asked for a delay."
    assert keys(facts(extractor, two_bodies, "restricts"), "authority") == {("Boston",)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kroger will not be permitted to deploy face recognition under an agreement with the "
            "Federal Trade Commission.",
            ("Federal Trade Commission", "ban", "facial recognition"),
        ),
        (
            "Police in Vermont are no longer allowed to use facial recognition on body camera video.",
            ("Vermont", "ban", "facial recognition"),
        ),
        (
            "Under Maine law, schools will not be allowed to buy drones.",
            None,  # "under" before the trigger is no agent of this clause; nothing carried over
        ),
    ],
)
def test_a_denied_permission_is_a_ban_by_whoever_denies_it(
    extractor: Extractor, text: str, expected: tuple | None
) -> None:
    found = keys(facts(extractor, text, "restricts"), "authority", "kind", "technology")
    assert found == ({expected} if expected else set())


def test_a_denied_permission_to_do_something_else_bans_nothing(extractor: Extractor) -> None:
    text = "Journalists were not allowed to photograph the license plate readers at the depot."
    assert facts(extractor, text, "restricts") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Ministry of Defence told soldiers to uninstall TikTok from their phones.",
            ("Ministry of Defence", "ban", "TikTok"),
        ),
        (
            "The Department of Justice ordered Telegram removed from staff laptops on Friday.",
            ("Department of Justice", "ban", "Telegram"),
        ),
        (
            "The Treasury Department gave its bureaus 30 days to delete DeepSeek from agency computers.",
            ("Department of the Treasury", "ban", "DeepSeek"),
        ),
    ],
)
def test_an_order_to_remove_a_technology_is_a_ban(extractor: Extractor, text: str, expected: tuple) -> None:
    found = facts(extractor, text, "restricts")
    assert keys(found, "authority", "kind", "technology") == {expected}
    assert all(f["duration"] is None for f in found)  # a deadline to comply is no term


@pytest.mark.parametrize(
    "text",
    [
        "The editor removed the post about TikTok after complaints.",
        "The judge required Clearview AI to delete the photos it had gathered in Illinois.",
    ],
)
def test_removals_nobody_ordered_or_of_no_technology_are_no_bans(extractor: Extractor, text: str) -> None:
    assert facts(extractor, text, "restricts") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Oakland switched off its ShotSpotter sensors in March.", ("Oakland", "pause", "ShotSpotter")),
        (
            "Denver will decommission ShotSpotter when its contract runs out.",
            ("Denver", "discontinuation", "ShotSpotter"),
        ),
    ],
)
def test_switching_off_pauses_and_decommissioning_ends(
    extractor: Extractor, text: str, expected: tuple
) -> None:
    assert expected in keys(facts(extractor, text, "restricts"), "authority", "kind", "technology")


def test_a_headline_passive_names_its_target_not_its_authority(extractor: Extractor) -> None:
    text = "Clearview AI barred from selling its face database to private companies"
    assert all(f["authority"] != "Clearview AI" for f in facts(extractor, text, "restricts"))


def test_a_place_that_only_describes_a_company_authorises_nothing(extractor: Extractor) -> None:
    text = (
        "The city's contract with SoundThinking, the California company that sells ShotSpotter, "
        "ran out in June. The system will be decommissioned in September."
    )
    assert all(f["authority"] != "California" for f in facts(extractor, text, "restricts"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Fresno Police Department has flown drones 400 times since January.",
            ("Fresno Police Department", "drone"),
        ),
        (
            "In March the Tulsa Police Department switched on ShotSpotter in two districts.",
            ("Tulsa Police Department", "ShotSpotter"),
        ),
        (
            "The Ohio Bureau of Criminal Investigation ran the images through facial recognition software.",
            ("Ohio Bureau of Criminal Investigation", "facial recognition"),
        ),
        (
            "The Denver Police Department operates 110 license plate readers.",
            ("Denver Police Department", "license plate reader"),
        ),
        (
            "Clearview AI sells facial recognition. The Miami Police Department turned to Clearview AI "
            "to identify the suspects.",
            ("Miami Police Department", "facial recognition"),
        ),
    ],
)
def test_flying_running_operating_and_switching_on_are_uses(
    extractor: Extractor, text: str, expected: tuple
) -> None:
    assert expected in keys(facts(extractor, text, "uses"), "user", "technology")


def test_the_subject_of_a_relative_clause_is_the_noun_before_it(extractor: Extractor) -> None:
    text = "Walmart told the contractors that ran facial recognition for it to delete the images."
    assert ("Walmart", "facial recognition") not in keys(facts(extractor, text, "uses"), "user", "technology")


def test_a_place_narrowed_by_an_adjective_is_no_user(extractor: Extractor) -> None:
    text = "The Rochester City School District, in upstate New York, switched on facial recognition cameras."
    users = {f["user"] for f in facts(extractor, text, "uses")}
    assert users == {"Rochester City School District"}


def test_a_body_of_a_place_with_a_compass_prefix_is_its_own(extractor: Extractor) -> None:
    text = "The North Las Vegas Police Department uses license plate readers."
    users = {f["user"] for f in facts(extractor, text, "uses")}
    assert users == {"North Las Vegas Police Department"}


def test_a_purpose_after_where_and_when(extractor: Extractor) -> None:
    text = (
        "Home Depot Inc used facial recognition in some of its stores from 2016 to 2019 "
        "to flag repeat shoplifters."
    )
    assert {f["purpose"] for f in facts(extractor, text, "uses")} == {"flag repeat shoplifters"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "An inquiry found that Motorola Solutions had let the Federal Bureau of Investigation "
            "search its license plate reader database.",
            ("Motorola Solutions", "Federal Bureau of Investigation", "license plate reader"),
        ),
        (
            "Vigilant Solutions admitted it had allowed U.S. Immigration and Customs Enforcement to "
            "access its license plate reader data.",
            ("Vigilant Solutions", "U.S. Immigration and Customs Enforcement", "license plate reader"),
        ),
        (
            "Meta had given Dataminr access to its feed of public posts.",
            ("Meta", "Dataminr", None),
        ),
    ],
)
def test_letting_someone_into_a_tool_supplies_it(extractor: Extractor, text: str, expected: tuple) -> None:
    assert expected in keys(facts(extractor, text, "supplies"), "vendor", "customer", "technology")


def test_letting_someone_do_something_else_supplies_nothing(extractor: Extractor) -> None:
    text = "Axon let the Phoenix Police Department keep its old Taser contract for another year."
    assert facts(extractor, text, "supplies") == []


def test_a_purchase_through_a_reseller_names_the_reseller(extractor: Extractor) -> None:
    text = "The Austin Police Department bought 40 drones through Carahsoft Technology Corp last year."
    found = keys(facts(extractor, text, "supplies"), "vendor", "customer")
    assert ("Carahsoft Technology Corp", "Austin Police Department") in found


def test_no_longer_using_a_technology_ends_ones_own_use(extractor: Extractor) -> None:
    text = "Pymetrics Inc said it no longer uses emotion recognition to score candidates."
    found = facts(extractor, text)
    assert keys([f for f in found if f["relation"] == "restricts"], "authority", "kind", "technology") == {
        ("Pymetrics Inc", "discontinuation", "emotion recognition")
    }
    assert not [f for f in found if f["relation"] in {"offers", "uses"}]  # it stopped; it offered nothing


def test_makers_listed_before_a_plural_verb_all_offer(extractor: Extractor) -> None:
    text = "Motorola Solutions and Axon both sell body cameras and drones to police departments."
    found = keys(facts(extractor, text, "offers"), "vendor", "technology")
    assert {
        ("Motorola Solutions", "body camera"),
        ("Axon", "body camera"),
        ("Motorola Solutions", "drone"),
        ("Axon", "drone"),
    } <= found


def test_quitting_a_business_discontinues_what_it_offered(extractor: Extractor) -> None:
    text = "Kairos Inc said on Tuesday it had quit the facial recognition business."
    found = facts(extractor, text, "restricts")
    assert ("Kairos Inc", "discontinuation", "facial recognition") in keys(
        found, "authority", "kind", "technology"
    )
    assert ("Kairos Inc", "facial recognition") in keys(
        facts(extractor, text, "offers"), "vendor", "technology"
    )


def test_a_university_is_named_and_referred_back_to(extractor: Extractor) -> None:
    text = (
        "Students at the University of Wisconsin at Madison could not reach WeChat on Monday. "
        "The Federal Trade Commission said nothing. The university blocked WeChat on its networks."
    )
    found = keys(facts(extractor, text, "restricts"), "authority", "technology")
    assert found == {("University of Wisconsin at Madison", "WeChat")}


def test_the_tail_of_a_hyphenated_name_is_no_authority(extractor: Extractor) -> None:
    text = "UW-Madison pulls the plug on TikTok"
    assert all(f["authority"] != "Madison" for f in facts(extractor, text, "restricts"))


def test_makers_naming_a_product_are_passed_over_for_the_authority(extractor: Extractor) -> None:
    text = "The Commerce Department shuts out Huawei and ZTE gear and restricts Hikvision cameras."
    assert {f["authority"] for f in facts(extractor, text, "restricts")} <= {"Commerce Department"}


def test_whoever_signed_the_rule_a_relative_clause_restricts_by(extractor: Extractor) -> None:
    text = (
        "The move came weeks after the Commerce Department listed Intellexa, and after "
        "President Joe Biden signed an executive order that bars federal agencies from using spyware."
    )
    found = keys(facts(extractor, text, "restricts"), "authority", "technology")
    assert ("Joe Biden", "spyware") in found
    assert ("Intellexa", "spyware") not in found


def test_a_rule_whose_issuer_is_in_another_clause_has_no_authority(extractor: Extractor) -> None:
    text = "Pressure grew on Axon, and lawmakers passed an ordinance that bans drones."
    assert all(f["authority"] != "Axon" for f in facts(extractor, text, "restricts"))


def test_nobody_bans_their_own_product_by_reference(extractor: Extractor) -> None:
    text = "WeChat is owned by Tencent Holdings Ltd. More than ten states have barred it from state phones."
    assert all(f["authority"] != "Tencent Holdings Ltd" for f in facts(extractor, text, "restricts"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Delta Air Lines Inc integrated facial recognition into its boarding gates in Atlanta.",
            ("Delta Air Lines Inc", "facial recognition"),
        ),
        (
            "The Houston Police Department implemented ShotSpotter in three patrol districts.",
            ("Houston Police Department", "ShotSpotter"),
        ),
        (
            "The Georgia Department of Revenue utilized license plate readers to find unpaid taxes.",
            ("Georgia Department of Revenue", "license plate reader"),
        ),
    ],
)
def test_integrating_implementing_and_utilising_are_uses(
    extractor: Extractor, text: str, expected: tuple
) -> None:
    assert expected in keys(facts(extractor, text, "uses"), "user", "technology")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Eugene City Council voted to end its automated license plate reader program.",
            ("Eugene City Council", "discontinuation", "license plate reader"),
        ),
        (
            "The Portland Police Bureau terminated the ShotSpotter pilot after six months.",
            ("Portland Police Bureau", "discontinuation", "ShotSpotter"),
        ),
    ],
)
def test_ending_a_technology_programme_discontinues_it(
    extractor: Extractor, text: str, expected: tuple
) -> None:
    assert expected in keys(facts(extractor, text, "restricts"), "authority", "kind", "technology")


@pytest.mark.parametrize(
    "text",
    [
        "The Eugene City Council ended the meeting before the license plate reader vote.",
        "At the end of the program, the Portland Police Bureau kept ShotSpotter.",
    ],
)
def test_ending_something_else_discontinues_nothing(extractor: Extractor, text: str) -> None:
    assert facts(extractor, text, "restricts") == []


def test_a_company_letting_an_agency_in_exempts_it_from_no_ban(extractor: Extractor) -> None:
    text = (
        "The Eugene City Council banned license plate readers in March. "
        "Flock Safety admitted it had allowed U.S. Customs and Border Protection to access its data."
    )
    bans = facts(extractor, text, "restricts")
    assert bans and all(f["exempt"] == [] for f in bans)


def test_the_restricting_body_may_exempt_others(extractor: Extractor) -> None:
    text = (
        "The Eugene City Council banned license plate readers in March. "
        "The Eugene City Council will still allow the Oregon State Police to use them on highways."
    )
    assert {tuple(f["exempt"]) for f in facts(extractor, text, "restricts")} == {("Oregon State Police",)}


def test_a_person_named_by_title_may_give_an_order(extractor: Extractor) -> None:
    text = "Gov. Kristi Noem on Tuesday ordered state agencies to remove TikTok from their phones."
    found = keys(facts(extractor, text, "restricts"), "authority", "kind", "technology")
    assert found == {("Kristi Noem", "ban", "TikTok")}


def test_a_public_body_outranks_a_person_as_the_giver_of_an_order(extractor: Extractor) -> None:
    text = (
        "Gurbir Grewal, the New Jersey Attorney General, told prosecutors to stop using Clearview AI's app."
    )
    assert {f["authority"] for f in facts(extractor, text, "restricts")} == {"New Jersey Attorney General"}


def test_a_law_signed_by_a_governor_is_the_states(extractor: Extractor) -> None:
    text = (
        "The Utah Legislature acted first, and Gov. Spencer Cox signed a law that bans TikTok "
        "on state devices."
    )
    assert {f["authority"] for f in facts(extractor, text, "restricts")} == {"Utah Legislature"}
