#!/usr/bin/env python3
"""Appends two text columns to a gen_large.py file, for the input-limit benchmark (BENCHMARKS.md):
a repetitive `campaign` (one of 24 names) and a per-row `note` (~100 bytes, like a post's caption
with a link), so a file near the page's input limit has the text an export carries.

    python3 bench/add_text_columns.py IN.csv OUT.csv [--short]

`--short` appends `campaign` and a short `channel` (ig, fb, tiktok, mail) instead:
`gen_large.py 2900000` (220 MB, the generator's largest) becomes a 289 MB export, the size
issue 15's goals name.
"""
import sys

CAMPAIGNS = [f"{season} {kind} {year}" for season in ("Spring", "Summer", "Autumn", "Winter")
             for kind in ("launch", "sale", "giveaway") for year in (2024, 2025)]


def main(src, dst, short=False):
    with open(src, "r", encoding="utf-8", newline="") as fin, \
            open(dst, "w", encoding="utf-8", newline="") as fout:
        header = fin.readline().rstrip("\n")
        fout.write(f"{header},campaign,channel\n" if short else f"{header},campaign,note\n")
        for i, line in enumerate(fin):
            c = CAMPAIGNS[(i * 7) % len(CAMPAIGNS)]
            if short:
                channel = ("ig", "fb", "tiktok", "mail")[i % 4]
                fout.write(f"{line.rstrip(chr(10))},{c},{channel}\n")
                continue
            note = (f"Post {i}: new arrivals in the shop and free shipping all of this week "
                    f"#shop{i % 97} https://shop.example/p/{i * 31 % 1000003}")
            fout.write(f"{line.rstrip(chr(10))},{c},{note}\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], "--short" in sys.argv[3:])
