"""The paper's row next to the measured one (``tools/test.py``)."""
from typing import Dict, Optional


def _decimals(value: float) -> int:
    """The decimals the paper printed (at least 1): measured values and
    gaps are shown to the same precision."""
    text = repr(float(value))
    return max(1, len(text.split('.')[1])) if 'e' not in text else 3


def paper_row(metrics: Dict[str, float],
              paper_results: Optional[dict]) -> str:
    """A table of the config's ``paper_results`` (``dict(source=...,
    metrics={key: value})``, the paper's numbers copied as facts, in its
    column order) against the measured ``metrics``: measured, paper, gap.
    Empty when the config names none."""
    if not paper_results:
        return ''
    expected = {k: v for k, v in paper_results['metrics'].items()
                if not k.startswith('_')}
    width = max(len(k) for k in expected)
    lines = [f"{paper_results.get('source', 'the paper')}: measured here "
             'against the paper',
             f"{'metric':{width}s} {'here':>8s} {'paper':>8s} {'gap':>8s}"]
    for key, paper in expected.items():
        here = metrics.get(key)
        d = _decimals(paper)
        if here is None:
            lines.append(f'{key:{width}s} {"-":>8s} {paper:8.{d}f}   not '
                         'measured (the config has no evaluator for it)')
        else:
            lines.append(f'{key:{width}s} {here:8.{d}f} {paper:8.{d}f} '
                         f'{here - paper:+8.{d}f}')
    return '\n'.join(lines)
