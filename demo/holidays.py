"""The days condolence visits cluster around: Army Day (1 August) and the Spring Festival."""

from __future__ import annotations

from datetime import date, timedelta

# Spring Festival (春节) falls on the new moon between 21 January and 20 February.
SPRING_FESTIVAL: dict[int, date] = {
    2020: date(2020, 1, 25), 2021: date(2021, 2, 12), 2022: date(2022, 2, 1), 2023: date(2023, 1, 22),
    2024: date(2024, 2, 10), 2025: date(2025, 1, 29), 2026: date(2026, 2, 17), 2027: date(2027, 2, 6),
    2028: date(2028, 1, 26), 2029: date(2029, 2, 13), 2030: date(2030, 2, 3), 2031: date(2031, 1, 23),
    2032: date(2032, 2, 11), 2033: date(2033, 1, 31), 2034: date(2034, 2, 19), 2035: date(2035, 2, 8),
}


def spring_festival(year: int) -> date:
    """The Spring Festival of `year` (1 February for a year outside the table)."""
    return SPRING_FESTIVAL.get(year, date(year, 2, 1))


def army_day(year: int) -> date:
    return date(year, 8, 1)


def occasion_for(day: date) -> str:
    """army_day in the fortnight or so before 1 August, spring_festival in the three weeks
    before the festival, else other."""
    if date(day.year, 7, 15) <= day <= date(day.year, 8, 5):
        return "army_day"
    for year in (day.year, day.year + 1):
        festival = spring_festival(year)
        if festival - timedelta(days=21) <= day <= festival + timedelta(days=5):
            return "spring_festival"
    return "other"
