"""Generated inventories for the tests and the benchmark: varied texts, list cells
with quoted line breaks, columns of the consultant's own, and bad rows of every
kind a CSV reader meets."""

import csv

HEADER = ["id", "Program", "Organization", "Summary", "Rewards", "Contributions",
          "Beneficiaries.Others", "Network Effect", "owner"]

TEXTS = [
    ("Bloggers earn a commission on every sale they refer.", "10% commission", "links; reviews"),
    ("Backers pledge money so the team can build the next product.", "early access\nthanks in the credits", "money"),
    ("Customers write reviews and star ratings of local businesses.", "none", "reviews\nphotos"),
    ("Developers send pull requests and everyone gets the improvements.", "a better tool for all", "code; docs"),
    ("Makers sell handmade goods to buyers on our marketplace, and we take a fee.", "income from sales", "listings"),
    ("Workers label images for a small fee per task.", "$0.05 per task", "labels"),
    ("Des clients écrivent des avis.", "", ""),
    ("", "", ""),
]


def row(i: int) -> list:
    """Row `i`: every 97th has a blank program, every 89th an unknown level, every
    83rd a cell that is not a boolean; the rest are good."""
    summary, rewards, contributions = TEXTS[i % len(TEXTS)]
    program = "" if i % 97 == 96 else f"Program {i}, \"quoted\""
    others = "drect" if i % 89 == 88 else ["direct", "none", "", "indirect"][i % 4]
    network = "maybe" if i % 83 == 82 else ["yes", "no", ""][i % 3]
    return [f"id-{i}", program, f"Org {i % 13}", summary, rewards, contributions, others, network, f"owner {i % 7}"]


def write(path, rows: int, start: int = 0) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(HEADER)
        for i in range(start, start + rows):
            w.writerow(row(i))
