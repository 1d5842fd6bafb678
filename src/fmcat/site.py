"""``fmcat site``: the list as one static web page: every paper grouped by section
(readable with JavaScript off), instant search, filters and sorting kept in the URL, and
charts drawn as SVG when the page is built. Nothing is loaded from another host, and the
same catalog gives the same bytes.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from pathlib import Path
from typing import Any

from fmcat import files
from fmcat.ids import arxiv_url
from fmcat.metrics import Metrics
from fmcat.model import Catalog, Entry
from fmcat.normalize.venues import VenueTable, venue_table
from fmcat.render.view import paper_url
from fmcat.validate import url_problem

PALETTE = ("#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#ff9da6",
           "#9d755d", "#bab0ac", "#eeca3b")  # fmt: skip


def venue_kind(entry: Entry, venues: VenueTable) -> str:
    """``conference``, ``journal``, ``workshop``, ``preprint`` or ``other``."""
    if entry.is_preprint():
        return "preprint"
    return venues.kind_of(entry.venue) or "other"


def paper_data(entry: Entry, figures: Metrics, venues: VenueTable) -> dict[str, Any]:
    """What the page knows of one paper (web links only)."""
    arxiv = arxiv_url(entry.arxiv) if entry.arxiv else None
    candidates = (("paper", paper_url(entry)), ("arxiv", arxiv), ("code", entry.code))
    links = {name: link for name, link in candidates if link and not url_problem(link)}
    if links.get("arxiv") == links.get("paper"):
        links.pop("arxiv", None)
    return {
        "key": entry.key,
        "title": entry.title,
        "authors": entry.authors,
        "venue": entry.venue or "",
        "kind": venue_kind(entry, venues),
        "year": entry.year,
        "date": entry.date.isoformat() if entry.date else "",
        "sections": entry.sections,
        "facets": entry.facets,
        "links": links,
        "note": entry.note or "",
        "citations": figures.citations(entry),
        "stars": figures.stars(entry),
    }


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _paper_html(paper: dict[str, Any]) -> str:
    title = _e(paper["title"])
    link = paper["links"].get("paper")
    heading = f'<a href="{_e(link)}">{title}</a>' if link else title
    meta = " · ".join(_e(x) for x in (paper["venue"], paper["year"]) if x)
    parts = [f'<article class="paper" data-key="{_e(paper["key"])}">', f"<h3>{heading}</h3>"]
    if paper["authors"]:
        parts.append(f'<p class="authors">{_e(", ".join(paper["authors"]))}</p>')
    extra = [
        f'<a href="{_e(paper["links"][name])}">{name}</a>'
        for name in ("arxiv", "code")
        if paper["links"].get(name)
    ]
    if paper["stars"] is not None:
        extra.append(f"★ {paper['stars']}")
    if paper["citations"] is not None:
        extra.append(f"{paper['citations']} citations")
    line = " · ".join(part for part in [meta, *extra] if part)
    if line:
        parts.append(f'<p class="meta">{line}</p>')
    parts.append("</article>")
    return "".join(parts)


def _sections_html(catalog: Catalog, papers: dict[str, dict[str, Any]]) -> str:
    """Every paper under each section it belongs to, in the catalog's order."""
    blocks = []
    held = set()
    for section in catalog.sections:
        keys = [key for key in sorted(papers) if section.id in papers[key]["sections"]]
        held.update(keys)
        depth = section.id.count("/")
        level = min(2 + depth, 4)
        body = "".join(_paper_html(papers[key]) for key in keys)
        blocks.append(
            f'<section id="s-{_e(section.id)}"><h{level}>{_e(section.title)} '
            f'<span class="count">{len(keys)}</span></h{level}>{body}</section>'
        )
    rest = [key for key in sorted(papers) if key not in held]
    if rest:
        body = "".join(_paper_html(papers[key]) for key in rest)
        blocks.append(f'<section id="s-other"><h2>Other papers</h2>{body}</section>')
    return "".join(blocks)


def bar_chart(title: str, rows: list[tuple[str, int]], ident: str) -> str:
    """A horizontal bar chart as SVG, with a title and a text alternative."""
    if not rows:
        return ""
    width, bar, gap, label_w = 560, 18, 6, 200
    top = max(value for _, value in rows) or 1
    height = len(rows) * (bar + gap) + 10
    summary = "; ".join(f"{label}: {value}" for label, value in rows)
    items = []
    for index, (label, value) in enumerate(rows):
        y = index * (bar + gap) + 5
        length = max(1, round((width - label_w - 50) * value / top))
        items.append(
            f'<text x="{label_w - 6}" y="{y + bar - 5}" text-anchor="end">{_e(label[:32])}</text>'
            f'<rect x="{label_w}" y="{y}" width="{length}" height="{bar}" fill="{PALETTE[0]}"/>'
            f'<text x="{label_w + length + 4}" y="{y + bar - 5}">{value}</text>'
        )
    return (
        f'<figure><figcaption id="{ident}">{_e(title)}</figcaption>'
        f'<svg role="img" aria-labelledby="{ident}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}"><desc>{_e(summary)}</desc>{"".join(items)}</svg>'
        "</figure>"
    )


def _stack(entry: Entry, facet: str | None, groups: list[tuple[str, str]]) -> str:
    """Which part of a year's bar a paper adds to: its top-level section or facet value."""
    if facet is not None:
        return next(iter(entry.facets.get(facet, [])), "")
    return next((group for group, _ in groups if entry.in_section(group)), "")


def year_chart(catalog: Catalog, facet: str | None = None) -> str:
    """Papers per year as SVG, stacked by top-level section or by a facet's values."""
    if facet is None:
        groups = [(s.id, s.title) for s in catalog.sections if "/" not in s.id]
        ident, name = "chart-years", "section"
    else:
        groups = [(v, v) for v in catalog.facets[facet].values]
        ident, name = f"chart-years-{facet}", catalog.facets[facet].label or facet
    groups = groups[: len(PALETTE) - 1]
    counts: dict[int, Counter[str]] = {}
    for entry in catalog.papers.values():
        if entry.year:
            counts.setdefault(entry.year, Counter())[_stack(entry, facet, groups)] += 1
    if not counts:
        return ""
    years = sorted(counts)
    width, height, left, bottom = 560, 220, 30, 30
    column = (width - left) / len(years)
    top_value = max(sum(c.values()) for c in counts.values())
    parts = []
    for index, year in enumerate(years):
        x = left + index * column
        y = height - bottom
        stack = zip([g for g, _ in groups] + [""], PALETTE, strict=False)
        for section_id, color in stack:
            value = counts[year].get(section_id, 0)
            if not value:
                continue
            h = (height - bottom - 10) * value / top_value
            y -= h
            parts.append(
                f'<rect x="{x + 2:.1f}" y="{y:.1f}" width="{column - 4:.1f}" height="{h:.1f}" '
                f'fill="{color}"><title>{year}: {value}</title></rect>'
            )
        middle = x + column / 2
        parts.append(f'<text x="{middle:.1f}" y="{height - 10}" text-anchor="middle">{year}</text>')
    legend = "".join(
        f'<li><span class="swatch" style="background:{color}"></span>{_e(title)}</li>'
        for (_, title), color in zip(groups, PALETTE, strict=False)
    )
    summary = "; ".join(f"{year}: {sum(counts[year].values())}" for year in years)
    return (
        f'<figure><figcaption id="{ident}">Papers per year, by {_e(name)}</figcaption>'
        f'<svg role="img" aria-labelledby="{ident}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}"><desc>{_e(summary)}</desc>{"".join(parts)}</svg>'
        f'<ul class="legend">{legend}</ul></figure>'
    )


def charts(catalog: Catalog) -> str:
    venues = Counter(e.venue for e in catalog.papers.values() if e.venue and e.venue != "arXiv")
    found = [year_chart(catalog), *(year_chart(catalog, name) for name in catalog.facets)]
    found.append(bar_chart("Top venues", venues.most_common(10), "chart-venues"))
    for name, facet in catalog.facets.items():
        counts = Counter(v for e in catalog.papers.values() for v in e.facets.get(name, []))
        rows = [(value, counts[value]) for value in facet.values if counts[value]]
        found.append(bar_chart(f"Papers per {facet.label or name}", rows, f"chart-{name}"))
    return "".join(found)


def _json(data: Any) -> str:
    """JSON that cannot end the script element it sits in."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _controls(catalog: Catalog, kinds: list[str]) -> str:
    """The search box, the filters and the sort, each with its label."""
    sections = "".join(
        f'<option value="{_e(s.id)}">{_e("— " * s.id.count("/") + s.title)}</option>'
        for s in catalog.sections
    )
    facets = "".join(
        f'<label>{_e(f.label or n)} <select name="f.{_e(n)}" data-facet="{_e(n)}">'
        f'<option value="">any</option>'
        + "".join(f'<option value="{_e(v)}">{_e(v)}</option>' for v in f.values)
        + "</select></label>"
        for n, f in catalog.facets.items()
    )
    kind_options = "".join(f'<option value="{_e(k)}">{_e(k)}</option>' for k in kinds)
    return f"""<label>Search <input type="search" name="q" id="q" autocomplete="off"
 placeholder="title, author, venue, note"></label>
<label>Section <select name="section"><option value="">all</option>{sections}
</select></label>
{facets}
<label>Venue kind <select name="kind"><option value="">any</option>{kind_options}</select></label>
<label>From <input type="number" name="from" inputmode="numeric" min="1900" max="2100"></label>
<label>To <input type="number" name="to" inputmode="numeric" min="1900" max="2100"></label>
<label><input type="checkbox" name="code" value="1"> has code</label>
<label>Sort <select name="sort"><option value="">date</option><option value="year">year</option>
<option value="citations">citations</option><option value="stars">stars</option></select></label>"""


def page(catalog: Catalog, figures: Metrics) -> str:
    """The whole page as HTML."""
    venues = venue_table(catalog.venues)
    papers = {
        key: paper_data(catalog.papers[key], figures, venues) for key in sorted(catalog.papers)
    }
    title = catalog.meta.get("title") or "Papers"
    options = {
        "sections": [[s.id, s.title] for s in catalog.sections],
        "facets": {n: [f.label or n, f.values] for n, f in catalog.facets.items()},
    }
    description = catalog.meta.get("description") or ""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="fmcat">
<title>{_e(title)}</title>
<style>{STYLE}</style>
</head>
<body>
<header><h1>{_e(title)}</h1><p>{_e(" ".join(description.split()))}</p>
<p class="count">{len(papers)} papers</p></header>
<nav aria-label="Search and filters"><form id="controls" role="search" onsubmit="return false">
{_controls(catalog, sorted({p["kind"] for p in papers.values()}))}
<output id="status" aria-live="polite"></output>
</form></nav>
<main>
<section id="charts" aria-label="Charts">{charts(catalog)}</section>
<section id="results" aria-label="Results" hidden></section>
<div id="list">{_sections_html(catalog, papers)}</div>
</main>
<footer><p>Made with fmcat from the list's catalog.</p></footer>
<script type="application/json" id="papers">{_json(list(papers.values()))}</script>
<script type="application/json" id="options">{_json(options)}</script>
<script>{SCRIPT}</script>
</body>
</html>
"""


def build(catalog: Catalog, figures: Metrics, out: Path, protected: Path) -> Path:
    """Write ``index.html`` into ``out`` (created if missing)."""
    out.mkdir(parents=True, exist_ok=True)
    target = out / "index.html"
    files.write_output(target, page(catalog, figures).encode("utf-8"), protected=protected)
    return target


STYLE = """
:root{--bg:#fff;--fg:#1b1f23;--muted:#57606a;--line:#d0d7de;--link:#0550ae;--card:#f6f8fa}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;
--line:#30363d;--link:#58a6ff;--card:#161b22}}
*{box-sizing:border-box}body{margin:0 auto;max-width:960px;padding:1rem;background:var(--bg);
color:var(--fg);font:16px/1.5 system-ui,sans-serif}a{color:var(--link)}
header .count,.authors,.meta,.count{color:var(--muted)}
nav form{display:flex;flex-wrap:wrap;gap:.5rem 1rem;padding:.75rem;background:var(--card);
border:1px solid var(--line);border-radius:6px}
input,select{font:inherit;color:inherit;background:var(--bg);border:1px solid var(--line);
border-radius:4px;padding:.2rem .4rem;max-width:100%}input[type=search]{min-width:16rem}
svg{max-width:100%;height:auto}h1,h2,h3{overflow-wrap:anywhere}
:focus-visible{outline:3px solid var(--link);outline-offset:2px}
.paper{padding:.5rem 0;border-bottom:1px solid var(--line)}.paper h3{margin:0;font-size:1rem}
.paper p{margin:.1rem 0}figure{margin:1rem 0;overflow-x:auto}svg text{fill:var(--fg);
font-size:12px}.legend{display:flex;flex-wrap:wrap;gap:.75rem;list-style:none;padding:0}
.swatch{display:inline-block;width:.8em;height:.8em;margin-right:.3em}
@media (max-width:600px){input[type=search]{min-width:0;width:100%}nav label{width:100%}}
"""

SCRIPT = """
(function(){
const papers=JSON.parse(document.getElementById('papers').textContent),LIMIT=200;
const form=document.getElementById('controls'),results=document.getElementById('results');
const list=document.getElementById('list'),status=document.getElementById('status');
const fold=s=>String(s||'').normalize('NFKD').replace(/[\\u0300-\\u036f]/g,'').toLowerCase();
papers.forEach(p=>{p.text=fold([p.title,p.authors.join(' '),p.venue,p.note].join(' '))});
function state(){const d=new FormData(form),s={};
 for(const [k,v] of d.entries()){if(v)s[k]=v}return s}
function apply(s){for(const el of form.elements){if(!el.name)continue;
 if(el.type==='checkbox'){el.checked=!!s[el.name]}else{el.value=s[el.name]||''}}}
function matches(p,s){
 if(s.words&&!s.words.every(w=>p.text.includes(w)))return false;
 if(s.section&&!p.sections.some(x=>x===s.section||x.startsWith(s.section+'/')))return false;
 for(const k in s){if(k.startsWith('f.')&&!(p.facets[k.slice(2)]||[]).includes(s[k]))return false}
 if(s.from&&!(p.year>=+s.from))return false;if(s.to&&!(p.year<=+s.to))return false;
 if(s.kind&&p.kind!==s.kind)return false;
 if(s.code&&!p.links.code)return false;return true}
const keyOf={year:p=>p.year||0,citations:p=>p.citations??-1,stars:p=>p.stars??-1,
 '':p=>p.date||String(p.year||'')};
const orders={};
function ordered(name){if(!orders[name]){const key=keyOf[name]||keyOf[''];
 orders[name]=[...papers].sort((a,b)=>{const x=key(a),y=key(b);
  return x<y?1:x>y?-1:a.key<b.key?-1:1})}return orders[name]}
function show(s){const active=Object.keys(s).length>0;list.hidden=active;results.hidden=!active;
 if(!active){status.textContent='';return}
 const query={...s,words:s.q?fold(s.q).split(/\\s+/).filter(Boolean):null};
 const found=ordered(s.sort||'').filter(p=>matches(p,query));
 const shown=found.slice(0,s.all?found.length:LIMIT);results.replaceChildren(...shown.map(card));
 if(shown.length<found.length){const more=document.createElement('button');more.type='button';
  more.textContent='Show all '+found.length;more.onclick=()=>show({...s,all:1});
  results.append(more)}
 status.textContent=found.length+(found.length===1?' paper':' papers')}
function card(p){const a=document.createElement('article');a.className='paper';a.dataset.key=p.key;
 const h=document.createElement('h3'),t=p.links.paper?document.createElement('a'):h;
 if(p.links.paper){t.href=p.links.paper;h.append(t)}t.textContent=p.title;a.append(h);
 if(p.authors.length){const e=document.createElement('p');e.className='authors';
  e.textContent=p.authors.join(', ');a.append(e)}
 const bits=[p.venue,p.year].filter(Boolean).join(' · ');const m=document.createElement('p');
 m.className='meta';m.textContent=bits;
 for(const name of ['arxiv','code']){if(!p.links[name])continue;
  const c=document.createElement('a');c.href=p.links[name];c.textContent=name;
  m.append(m.textContent?' · ':'',c)}
 if(p.stars!=null)m.append(' · ★ '+p.stars);
 if(p.citations!=null)m.append(' · '+p.citations+' citations');
 a.append(m);return a}
function fromUrl(){const s={};
 new URLSearchParams(location.search).forEach((v,k)=>{if(v)s[k]=v});return s}
function sync(push){const s=state(),q=new URLSearchParams(s).toString();
 const url=location.pathname+(q?'?'+q:'');if(url!==location.pathname+location.search){
  history[push?'pushState':'replaceState'](s,'',url)}show(s)}
form.addEventListener('input',e=>{if(e.target.type==='search')sync(false)});
form.addEventListener('change',e=>sync(e.target.type!=='search'));
window.addEventListener('popstate',()=>{const s=fromUrl();apply(s);show(s)});
const first=fromUrl();apply(first);show(first);
})();
"""
