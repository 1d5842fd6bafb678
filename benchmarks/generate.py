"""Write realistic synthetic catalogs: ``python benchmarks/generate.py N OUT.toml``.

Titles, authors, venues, identifiers and sections look like a medical-imaging paper list.
``benchmarks/bench_dedupe.py`` plants duplicates and near misses on top of these.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from fmcat import store
from fmcat.model import Catalog, Entry, Facet, Section
from fmcat.normalize.keys import make_key

PREFIXES = ["", "Towards ", "Rethinking ", "Learning ", "On ", "Improving ", "Scaling "]
SUBJECTS = [
    "Contrastive Pre-training",
    "Vision-Language Models",
    "Foundation Models",
    "Segment Anything",
    "Self-Supervised Learning",
    "Diffusion Models",
    "Prompt Learning",
    "Masked Autoencoders",
    "Visual Instruction Tuning",
    "Federated Learning",
    "Knowledge Distillation",
    "Multimodal Transformers",
    "Universal Segmentation",
    "Report Generation",
]
OBJECTS = [
    "Chest X-ray Interpretation",
    "Medical Image Segmentation",
    "Radiology Report Generation",
    "Histopathology Whole-Slide Images",
    "3D CT Volumes",
    "Brain MRI",
    "Retinal Fundus Images",
    "Ultrasound Video",
    "Dermatology",
    "Mammography Screening",
    "Polyp Detection",
    "Cardiac MRI",
    "Abdominal Organ Segmentation",
    "Visual Question Answering in Medicine",
]
SUFFIXES = [
    "",
    " with Limited Labels",
    " at Scale",
    ": A Benchmark",
    " via Text Prompts",
    " in the Wild",
    ": A Comprehensive Study",
    " from Unpaired Data",
]
GIVEN = [
    "Wei",
    "Yuxin",
    "Maria",
    "Jun",
    "Ozan",
    "Fernando",
    "Shruthi",
    "Ekin",
    "Anja",
    "Hao",
    "Xiaoman",
    "Chaoyi",
    "Zifeng",
    "Daniel",
    "Sophie",
    "Kai",
    "Lena",
    "Rahul",
    "Ana",
    "Tom",
]
FAMILY = [
    "Wang",
    "Zhang",
    "Li",
    "Chen",
    "Liu",
    "Oktay",
    "Pérez-García",
    "Bannur",
    "Tiu",
    "Müller",
    "Kaissis",
    "Rückert",
    "Zhou",
    "Huang",
    "Wu",
    "Ma",
    "Nori",
    "Castro",
    "Ng",
    "van der Berg",
    "Smith",
    "Kumar",
    "Silva",
    "Kim",
    "Park",
    "Nguyen",
    "Rossi",
    "Dubois",
    "Novak",
    "Sato",
]
VENUES = [
    ("MICCAI", "conference"),
    ("CVPR", "conference"),
    ("ICCV", "conference"),
    ("NeurIPS", "conference"),
    ("Medical Image Analysis", "journal"),
    ("IEEE TMI", "journal"),
    ("Nature Medicine", "journal"),
    ("MIDL", "conference"),
    ("ISBI", "conference"),
    ("arXiv", "preprint"),
]
SECTIONS = [
    ("textual", "Textually Prompted Models"),
    ("textual/contrastive", "Contrastive"),
    ("textual/generative", "Generative"),
    ("visual", "Visually Prompted Models"),
    ("visual/adaptations", "Adaptations"),
    ("visual/generalist", "Generalist"),
]
MODALITIES = ["ct", "mri", "x-ray", "ultrasound", "pathology", "fundus"]


def make_title(rng: random.Random, used: set[str]) -> str:
    while True:
        title = (
            rng.choice(PREFIXES)
            + rng.choice(SUBJECTS)
            + " for "
            + rng.choice(OBJECTS)
            + rng.choice(SUFFIXES)
        )
        title += (
            f" {rng.choice(['', 'v', 'with '])}{rng.randrange(1, 10**6)}" if title in used else ""
        )
        if title not in used:
            used.add(title)
            return title


def make_catalog(count: int, seed: int = 7) -> Catalog:
    rng = random.Random(seed)
    catalog = Catalog(
        meta={"title": f"Synthetic catalog of {count} papers"},
        facets={"modality": Facet("modality", MODALITIES, "Modality")},
        sections=[Section(sid, title) for sid, title in SECTIONS],
    )
    used_titles: set[str] = set()
    taken: set[str] = set()
    for index in range(count):
        title = make_title(rng, used_titles)
        authors = [f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}" for _ in range(rng.randint(2, 15))]
        year = rng.randint(2019, 2025)
        day = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        venue, kind = rng.choice(VENUES)
        key = make_key(authors, year, title, taken)
        taken.add(key)
        entry = Entry(
            key=key,
            title=title,
            authors=authors,
            year=year,
            date=day,
            venue=venue,
            sections=[rng.choice(SECTIONS)[0]],
            facets={"modality": rng.sample(MODALITIES, rng.randint(1, 2))},
        )
        yymm = f"{year % 100:02d}{day.month:02d}"
        entry.arxiv = f"{yymm}.{index:05d}"
        if kind != "preprint":
            entry.doi = f"10.{1000 + index % 9000}/synthetic.{index}"
        if rng.random() < 0.5:
            entry.code = f"https://github.com/example/{key}"
        catalog.papers[key] = entry
    return catalog


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    catalog = make_catalog(args.count, args.seed)
    args.out.write_text(store.dumps(catalog), "utf-8")
    print(json.dumps({"papers": len(catalog.papers), "bytes": args.out.stat().st_size}))


if __name__ == "__main__":
    main()
