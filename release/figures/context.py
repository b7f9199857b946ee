"""Release metadata and context figures: the dates and periods every
sentence names, and England's children in need."""

import pandas as pd

from ..numbers import half_up


def compute(tables, rel, figs) -> None:
    L = figs.ledger
    L.add("release.published", rel.published, "Date of publication")
    L.add("release.phone", rel.phone, "Telephone number of the team answering questions")
    L.add("release.next_publication", rel.next_publication, "When the next release is due")
    L.add("sif.framework_start", rel.sif_framework_start, "First month of the single inspection framework (SIF)")
    L.add("sif.inspected_to", rel.sif_inspected_to, "Last inspection date counted for the SIF position")
    L.add("sif.published_by", rel.sif_published_by, "Publication cut-off of the SIF position")
    L.add("sif.previous_published_by", rel.sif_previous_published_by,
          "Publication cut-off of the SIF position last reported")
    L.add("sif.previous_release_month", rel.sif_previous_release_month, "Release that last reported SIF outcomes")
    L.add("sif.cycle_end", rel.sif_cycle_end, "When the SIF cycle will conclude")
    L.add("homes.period_start", rel.period_start, "Start of the children's homes inspection period")
    L.add("homes.period_end", rel.period_end, "End of the children's homes inspection period")
    L.add("homes.published_by", rel.period_published_by, "Publication cut-off for the period")
    L.add("homes.comparison_start", rel.comparison_start, "Start of the equivalent period a year earlier")
    L.add("homes.comparison_end", rel.comparison_end, "End of the equivalent period a year earlier")
    L.add("homes.comparison_published_by", rel.comparison_published_by,
          "Date the revised data for the equivalent period were taken (when the previous release's data were)")
    L.add("homes.period_year", rel.period.label, "Label of the inspection period (periods.label): its year inside one "
          "calendar year, a financial year only for a whole April-March year, else its months")
    L.add("homes.comparison_year", rel.comparison.label, "Label of the equivalent earlier period (periods.label)")
    L.add("homes.period_in", rel.period.in_text, "The period's label after a preposition: \"in 2016\", "
          "\"between October 2016 and March 2017\"")
    L.add("homes.comparison_in", rel.comparison.in_text, "The equivalent earlier period's label after a preposition")
    L.add("homes.period_between", rel.period.between, "The period, for \"between ...\"")
    L.add("homes.period_months", rel.period.months, "The period in months")
    L.add("homes.period_months_between", rel.period.months_between, "The period in months, for \"between ...\"")
    L.add("homes.period_length", rel.period.length, "Length of the period in months, as the text names it")
    L.add("homes.period_part", rel.period.part_of_inspection_year,
          "Which part of the inspection year (1 April to 31 March) the period covers, as the text names it")
    L.add("sif.previous_date", rel.sif_previous_date, "The date the previous release named its SIF position by")
    L.add("previous.title", rel.previous.title, "Title of the previous release")
    L.add("previous.url", rel.previous.url, "Web address of the previous release")
    L.add("release.reference_date", rel.reference_date, "The date the release describes")
    # A real release's notes name its sources and the rules that filled what
    # the published files lack, with their own numbers (years, days): in the
    # ledger so that every number printed can be traced.
    if not rel.sample_data:
        L.add("release.sources", rel.commentary.get("sources", ""),
              "The published files the release was imported from, and their licence (written by the importer)")
        L.add("release.data_notes", " ".join(n["text"] for n in rel.commentary.get("data_notes", [])),
              "How the importer filled what the published files lack (release.toml [[commentary.data_notes]])")
    las = tables.local_authorities
    L.add("context.children_population_millions", f"{half_up(rel.children_population / 1e6, 1)} million",
          f"Children living in England ({rel.children_population_source})")
    L.add("context.vaa_good_or_better", rel.vaa_good_or_better,
          "Percentage of voluntary adoption agencies judged good or better (from their own inspections)")
    L.add("context.children_population_source", rel.children_population_source, "Source of the child population")
    L.add("context.cin_date", rel.cin_date, "Date of the Department for Education counts")
    L.add("context.cin_source", rel.cin_source, "Source of the children in need counts")
    cin = int(las["children_in_need"].sum())
    L.add("context.children_in_need", cin, "Children in need in England (sum over LAs whose count is published)")
    L.add("context.children_looked_after", int(las["children_looked_after"].sum()),
          "Children looked after in England (sum over LAs whose count is published)")
    L.add("context.child_protection_plans", int(las["child_protection_plans"].sum()),
          "Children on a child protection plan in England (sum over LAs whose count is published)")
    _suppressed(L, las)
    L.add("context.cin_per_cent_of_children", cin * 100 / rel.children_population,
          "Children in need as a percentage of all children in England (unrounded)")
    L.add("context.la_count", len(las), "Local authorities in England")
    for la_type, n in las["la_type"].value_counts().sort_index().items():
        plural = {"London borough": "London boroughs", "Shire county": "shire counties",
                  "Unitary authority": "unitary authorities"}.get(la_type, f"{la_type.lower()}s")
        L.add(f"context.la_type.{la_type.lower().replace(' ', '_')}", int(n), f"LAs in England that are {plural}")


def _suppressed(L, las) -> None:
    """The LAs whose DfE count is suppressed ([c] or [x] in the data):
    every England or regional sum of that count leaves them out, and the
    bulletin says so by name. Their counts are never read as zero."""
    any_suppressed = False
    la_names = las["la_name"].tolist()
    for column in ("children_in_need", "children_looked_after", "child_protection_plans"):
        # Read row by row: a suppressed count is <NA>.
        suppressed = [pd.isna(n) for n in las[column].tolist()]
        names = sorted(name for name, missing in zip(la_names, suppressed) if missing)
        any_suppressed = any_suppressed or bool(names)
        L.add(f"context.suppressed.{column}", names,
              f"LAs whose {column.replace('_', ' ')} count is suppressed ([c] or [x]), left out of every sum of it")
        L.add(f"context.available.{column}", not all(suppressed),
              f"Some LA's {column.replace('_', ' ')} count is published, so England has a total of it "
              "(when none is, the total is not printed: never as 0)")
    L.add("context.counts_suppressed", any_suppressed, "Some LA's DfE count is suppressed, so sums exclude it")
