"""The question and choice names of the built-in forms that the office figures read.

They are the forms' own names (survey/forms/*.toml), gathered here so that a renamed question
breaks one place, and a test (tests/reports/test_fields.py) checks each against the forms.
"""

from __future__ import annotations

HOME_CARE = "home_care"
HOUSE_INSPECTION = "house_inspection"
CONDOLENCE = "condolence"
VERIFICATION = "verification"
HOUSE_FOLLOWUP = "house_followup"
BENEFITS = "benefits"
# The kinds every summary shows a column for (the follow-up forms show once they have visits).
BUILTIN_KINDS = (HOME_CARE, HOUSE_INSPECTION, CONDOLENCE, VERIFICATION)

# home_care
SERVICES = "services"            # select_multiple
MINUTES = "minutes"              # integer
FOLLOWUP_NEEDED = "followup_needed"   # select_one yes/no (any form that asks it)
FOLLOWUP_NOTE = "followup_note"
YES = "yes"

# house_inspection
GRADE = "grade"                  # select_one A/B/C/D
GRADES = ("A", "B", "C", "D")
ACTION = "action"                # select_one none/repair/rebuild
REPAIR = "repair"
REBUILD = "rebuild"
ESTIMATED_COST = "estimated_cost"       # decimal, yuan
SUBSIDY_REQUESTED = "subsidy_requested"  # decimal, yuan

# condolence
OCCASION = "occasion"
ITEMS = "items"                  # repeat
ITEM_KIND = "kind"
ITEM_AMOUNT = "amount"           # yuan, the sum handed over in this entry (not asked for gifts)
ITEM_COUNT = "count"             # how many (gifts: parcels)
ITEM_LINE_AMOUNT = "line_amount"  # calculate: the entry's amount when relevant, else 0
TOTAL = "total"                  # calculate: sum of line_amount
ITEM_KINDS = ("condolence_money", "pension", "conscript_allowance", "merit_award", "gift")
OCCASIONS = ("army_day", "spring_festival", "other")

# house_followup (修缮/翻建验收)
WORK = "work"                    # select_one repair/rebuild
WORK_DONE = "work_done"          # select_one yes/no
FINISHED_ON = "finished_on"      # date
SUBSIDY_PAID = "subsidy_paid"    # decimal, yuan
WITHIN_QUOTA = "within_quota"    # select_one yes/no

# benefits (福利送达)
BENEFIT_ENTRIES = "benefits"     # repeat
BENEFIT = "benefit"              # select_one
BENEFIT_KINDS = ("medal", "health_check", "heating", "medical_insurance", "outpatient",
                 "conscript_allowance", "merit_award")

# verification
STATUS = "status"                # alive / deceased / moved
DECEASED = "deceased"

# The answers the summary's figures and tables read (reports.figures, reports.tables,
# reports.render): what a month's records are cut down to for a summary (reports.summary_records).
# A figure that reads another answer must add it here: tests/reports/test_summary_records.py
# computes and renders every figure from whole records and from the cut ones and compares.
SUMMARY_ANSWERS = (SERVICES, MINUTES, FOLLOWUP_NEEDED, FOLLOWUP_NOTE, GRADE, ACTION, ESTIMATED_COST,
                   SUBSIDY_REQUESTED, OCCASION, ITEMS, WORK, WORK_DONE, SUBSIDY_PAID, WITHIN_QUOTA,
                   BENEFIT_ENTRIES, STATUS)
