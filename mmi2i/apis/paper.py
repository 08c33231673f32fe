"""The paper's row next to the measured one (``tools/test.py``)."""
from typing import Dict, Optional


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
        if here is None:
            lines.append(f'{key:{width}s} {"-":>8s} {paper:8.1f}   not '
                         'measured (the config has no evaluator for it)')
        else:
            lines.append(f'{key:{width}s} {here:8.1f} {paper:8.1f} '
                         f'{here - paper:+8.1f}')
    return '\n'.join(lines)
