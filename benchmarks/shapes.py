"""How many ways of stating a decision the reader reads: three fixed lists of sentences written for this
benchmark, each a permission, a limit or neither in one English construction (active, passive, the
receiver as subject, a headline's present tense, a noun of limit, a lead verb such as "voted to").

    .venv/bin/python benchmarks/shapes.py [--missed]

Prints how many sentences of each kind the reader (`text.decisions`, no model) reads as that kind,
and with --missed the ones it does not. None of the sentences comes from an article: they measure the
reader's coverage of the grammar, not its accuracy on news (for that, `benchmarks/quality.py`).
"""

from __future__ import annotations

import argparse
from collections import Counter

from summarizer.text.decisions import read_decisions
from summarizer.text.sentences import split_sentences

# (the kind it states, or "none"; the sentence). A line with no stop at its end is a headline.
SENTENCES: tuple[tuple[str, str], ...] = (
    ("authorisation", "The council allowed the bakery to open on Sundays."),
    ("authorisation", "The ministry has authorised two airlines to resume flights to the island."),
    ("authorisation", "The regulator approved the merger of the two railways."),
    ("authorisation", "The governor signed an order letting shops reopen next week."),
    ("authorisation", "The board voted to allow teachers to carry pepper spray."),
    ("authorisation", "The agency cleared the drugmaker to sell the vaccine to adolescents."),
    ("authorisation", "The judge gave the newspaper permission to publish the letters."),
    ("authorisation", "Parliament granted the president emergency powers for ninety days."),
    ("authorisation", "The mayor issued a permit for the festival to go ahead."),
    ("authorisation", "The committee gave the green light to a new stadium."),
    ("authorisation", "The city council gave the go-ahead for the tower to be built."),
    ("authorisation", "The minister licensed three firms to explore for gas offshore."),
    ("authorisation", "The court ruled that the union may strike."),
    ("authorisation", "The appeals panel said the state can enforce its map this year."),
    ("authorisation", "The cabinet decided to let farmers export wheat again."),
    ("authorisation", "The senate passed a bill that would let police use drones."),
    ("authorisation", "The president waived the rule for the two refineries."),
    ("authorisation", "The tribunal lifted the ban on the opposition party."),
    ("exclusion", "The health department exempted churches from the limit."),
    ("authorisation", "The ministry extended the licence of the broadcaster by five years."),
    ("authorisation", "The airline was allowed to keep its landing slots."),
    ("authorisation", "The two firms were granted licences to drill near the coast."),
    ("authorisation", "Teachers will be permitted to strike from Monday."),
    ("authorisation", "The broadcaster has been cleared by the regulator to air the debate."),
    ("authorisation", "The merger was approved by the competition authority on Tuesday."),
    ("authorisation", "The protest was authorised by the police after talks with organisers."),
    ("authorisation", "Residents are now allowed to travel between districts."),
    ("authorisation", "The company won approval to build a pipeline across the river."),
    ("authorisation", "The prisoner received permission to attend his mother's funeral."),
    ("authorisation", "The charity obtained a licence from the council to run the shelter."),
    ("authorisation", "The miners secured the right to strike after a ballot."),
    ("authorisation", "The governor ordered all schools to close for two weeks."),
    ("authorisation", "The court ordered the ministry to release the documents."),
    ("authorisation", "The president directed the navy to escort the tankers."),
    ("authorisation", "The regulator required banks to hold more capital."),
    ("authorisation", "The new law requires employers to publish pay gaps."),
    ("authorisation", "The judge told the company to stop dumping waste in the river."),
    ("authorisation", "The minister instructed police to clear the square."),
    ("authorisation", "The mayor has mandated masks on buses."),
    ("authorisation", "Officers were ordered to leave the building."),
    ("authorisation", "Banks will be required to report large transfers."),
    ("authorisation", "The council voted to force landlords to register their flats."),
    ("authorisation", "Court allows state to enforce abortion law"),
    ("authorisation", "Governor orders National Guard to border"),
    ("authorisation", "EU approves funds for Ukraine"),
    ("authorisation", "Senate clears way for troops to stay"),
    ("exclusion", "Judge blocks Texas law on drag shows"),
    ("exclusion", "Regulator bars bank from paying dividends"),
    ("exclusion", "Agency halts construction of the dam"),
    ("authorisation", "Gov. Ruiz authorizes state troopers to patrol the border"),
    ("none", "Mayor to allow food trucks to park downtown"),
    ("authorisation", "The parliament gave the army new powers to detain suspects."),
    ("exclusion", "The government banned the sale of fireworks."),
    ("exclusion", "The council has prohibited cars from the old town."),
    ("exclusion", "The court blocked the state from enforcing the new law."),
    ("exclusion", "A judge halted construction of the pipeline."),
    ("exclusion", "The ministry suspended the licence of the broadcaster."),
    ("exclusion", "The regulator barred the bank from paying dividends."),
    ("exclusion", "The president revoked the permit for the mine."),
    ("exclusion", "The agency refused to approve the drug."),
    ("exclusion", "The committee rejected the request for more funding."),
    ("exclusion", "Parliament voted to outlaw the sale of fur."),
    ("exclusion", "The city imposed a curfew on the eastern districts."),
    ("exclusion", "The state froze the assets of three businessmen."),
    ("exclusion", "The court struck down the law as unconstitutional."),
    ("exclusion", "Smoking is banned in all bars."),
    ("exclusion", "The sale of alcohol has been prohibited near schools."),
    ("exclusion", "Foreign journalists were barred from entering the region."),
    ("exclusion", "The rally was blocked by a court order."),
    ("exclusion", "Companies are not allowed to fire workers during the strike."),
    ("exclusion", "The order does not apply to hospitals."),
    ("exclusion", "The exemption does not cover imported goods."),
    ("exclusion", "Military sites are excluded from the agreement."),
    ("exclusion", "The rule will not affect existing contracts."),
    ("exclusion", "The law bans the use of facial recognition by police."),
    ("exclusion", "The deal excludes agricultural products."),
    ("exclusion", "Drivers may not use phones while driving."),
    ("exclusion", "No one will be allowed to enter the zone without a pass."),
    ("exclusion", "The court declined to let the state enforce the map."),
    ("exclusion", "The judge denied the company's request to delay the trial."),
    ("exclusion", "The union was forbidden from holding the rally."),
    ("exclusion", "Exports of rice were suspended for three months."),
    ("exclusion", "The court ordered a halt to the demolition."),
    ("exclusion", "The ministry put a freeze on new hiring."),
    ("exclusion", "The league suspended the club's membership for a year."),
    ("exclusion", "The government closed the border to foreign tourists."),
    ("exclusion", "The regulator placed new restrictions on short selling."),
    ("exclusion", "The agency capped the number of weekly flights at four."),
    ("exclusion", "The city limited gatherings to ten people."),
    ("exclusion", "The governor ordered all bars closed."),
    ("exclusion", "The governor ordered the closure of all bars."),
    ("exclusion", "The minister stripped the company of its licence."),
    ("exclusion", "The border agency refused entry to the two activists."),
    ("exclusion", "The authorities grounded the airline's fleet."),
    ("exclusion", "The council imposed sanctions on the two firms."),
    ("exclusion", "The president signed a decree banning protests near parliament."),
    ("exclusion", "The ban covers all single-use plastics except medical supplies."),
    ("exclusion", "The measure exempts small farms from the new tax."),
    ("exclusion", "The judge issued an injunction against the new rule."),
    ("exclusion", "The committee voted down the proposal to extend opening hours."),
    ("exclusion", "The court dismissed the lawsuit."),
    ("exclusion", "The president vetoed the bill."),
    ("exclusion", "Parliament repealed the law that allowed night fishing."),
    ("exclusion", "The government ended the programme for foreign students."),
    ("exclusion", "The board withdrew its approval of the merger."),
    ("exclusion", "The city cancelled the permit for the march."),
    ("exclusion", "The ruling does not apply to federal prisons."),
)

# A second list, written once the first was read, before the shapes that read it (the reader read 19
# of these 40 then): other constructions news uses, and five that state no decision.
SECOND: tuple[tuple[str, str], ...] = (
    ("authorisation", "The board has given the green light for the hospital to expand its wing."),
    ("authorisation", "Regulators signed off on the airline's plan to buy two rivals."),
    ("authorisation", "The senate ratified the treaty, allowing the navy to use the base."),
    ("authorisation", "The minister authorised the use of tear gas by riot police."),
    ("authorisation", "The government extended the visa scheme, letting students stay two more years."),
    ("authorisation", "The legislature voted to give the governor the power to close schools."),
    ("authorisation", "Ministers gave customs officers the power to seize phones."),
    ("authorisation", "Voters approved a measure letting the city borrow $2 billion."),
    ("authorisation", "The governor is allowing restaurants to reopen at half capacity."),
    ("authorisation", "The court granted the company's request for an extension."),
    ("authorisation", "The council agreed to give the charity the lease on the old library."),
    ("authorisation", "The regulator has issued the miner a licence to dig in the valley."),
    ("authorisation", "The president signed an executive order directing agencies to cut fees."),
    ("authorisation", "The panel ruled the inquiry could resume."),
    ("authorisation", "Lawmakers handed the central bank new powers to supervise lenders."),
    ("exclusion", "The council put the tower project on hold."),
    ("exclusion", "The order excludes federal workers."),
    ("exclusion", "The university suspended the professor pending an investigation."),
    ("exclusion", "Entry to the museum is restricted to members."),
    ("exclusion", "Only licensed drivers may use the bus lane."),
    ("exclusion", "The ruling bars the state from enforcing the law."),
    ("exclusion", "The government imposed tariffs on imported steel."),
    ("exclusion", "The vote stripped the mayor of his powers."),
    ("exclusion", "The federation has banned the sprinter for four years."),
    ("exclusion", "The court refused to hear the appeal."),
    ("exclusion", "The club was expelled from the league."),
    ("exclusion", "The minister withdrew the firm's mining permit."),
    ("exclusion", "Access to the beach will be closed to the public from Friday."),
    ("exclusion", "The agency turned down the request to drill."),
    ("exclusion", "The treaty forbids the testing of nuclear weapons."),
    ("exclusion", "The committee voted against allowing the casino to expand."),
    ("exclusion", "The new law makes it illegal to sell vapes to minors."),
    ("exclusion", "The senate blocked the nominee's confirmation."),
    ("exclusion", "The firm is no longer permitted to bid for state contracts."),
    ("exclusion", "The state has ordered a pause on new drilling permits."),
    ("none", "The minister allowed that mistakes had been made."),
    ("none", "The storm halted trains across the north."),
    ("none", "The union called for a ban on night shifts."),
    ("none", "Critics want the council to bar cars from the centre."),
    ("none", "The bill would allow doctors to prescribe cannabis."),
)

# A third list, written once the second was read, before the shapes that read it (the reader read 7 of
# these 27 then): leave such as bail or access granted or refused, tasks, renewals, aid cut off.
THIRD: tuple[tuple[str, str], ...] = (
    ("authorisation", "The magistrate granted the journalist bail."),
    ("authorisation", "The activist was granted parole by the board in March."),
    ("authorisation", "Inspectors were given access to the reactor by the ministry."),
    ("authorisation", "The council rubber-stamped the developer's plan to build flats."),
    ("authorisation", "The agency okayed the airline's request to add flights."),
    ("authorisation", "The president tasked the army with rebuilding the bridges."),
    ("authorisation", "The ministry commissioned the university to study the outbreak."),
    ("authorisation", "The regulator renewed Radio Kestrel's broadcasting licence."),
    ("authorisation", "The court granted the union leave to appeal."),
    ("authorisation", "The senate has authorized the navy to patrol the strait."),
    ("authorisation", "The province charged the police with enforcing the curfew."),
    ("authorisation", "The judge allowed the families to see the files."),
    ("exclusion", "The suspect was denied bail."),
    ("exclusion", "The reporters were refused entry at the border."),
    ("exclusion", "The donors cut off aid to the ministry."),
    ("exclusion", "The old quarry is off-limits to visitors."),
    ("exclusion", "The assembly criminalised the sale of fireworks."),
    ("exclusion", "The government pulled funding for the museum."),
    ("exclusion", "The league has barred the owner from attending games."),
    ("exclusion", "The airport authority refused the airline landing rights."),
    ("exclusion", "Fishing in the lake has been prohibited since May."),
    ("exclusion", "The mayor declared the riverbank a no-go zone."),
    ("exclusion", "The new policy does not allow staff to work from abroad."),
    ("exclusion", "The embassy stopped issuing visas to students."),
    ("none", "The court granted that the question was hard."),
    ("none", "The coach tasked himself with more running."),
    ("none", "The supporters were refused a refund by the club shop."),
)


def read_as(kind: str, sentence: str) -> bool:
    """Whether the reader reads `sentence` as `kind` ("none": reads no decision from it)."""
    kinds = {reading.kind for reading in read_decisions(split_sentences(sentence))}
    return not kinds if kind == "none" else kind in kinds


def report(title: str, sentences: tuple[tuple[str, str], ...], missed: bool) -> None:
    """Print how many of `sentences` of each kind are read as that kind (and, with `missed`, which not)."""
    total: Counter[str] = Counter()
    right: Counter[str] = Counter()
    print(title)
    for kind, sentence in sentences:
        total[kind] += 1
        if read_as(kind, sentence):
            right[kind] += 1
        elif missed:
            print(f"  missed ({kind}): {sentence}")
    for kind in sorted(total):
        print(f"  {kind:14} {right[kind]:3} of {total[kind]:3} read as such")
    print(f"  {'all':14} {sum(right.values()):3} of {len(sentences):3}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--missed", action="store_true", help="list the sentences not read as their kind")
    args = parser.parse_args()
    report("first list", SENTENCES, args.missed)
    report("second list", SECOND, args.missed)
    report("third list", THIRD, args.missed)


if __name__ == "__main__":
    main()
