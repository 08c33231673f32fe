"""The source and target domains of a tool's run: one rule for every
tool (``tools/translate.py``, ``tools/synthesize_dataset.py`` and the
analysis tools that study one direction), and the command line of the
latter: ``CONFIG CHECKPOINT --source-domain A [--target-domain B]``."""
import argparse
from typing import List, Optional, Sequence, Tuple

from .inference import init_model


def task_domains(domains: Sequence[str], source: Optional[str] = None,
                 targets: Optional[Sequence[str]] = None
                 ) -> Tuple[str, List[str]]:
    """``(source, targets)`` of a run, the one rule of the tools.

    * targets: as given; ``['all']`` is every domain but the source
      (which must then be given); none given: the last domain other than
      the source (for two domains, "the other one");
    * source: as given, else the first domain not among the targets.

    Raises:
        SystemExit: naming unknown domains, a source among the targets or
            ``all`` without a source (command-line errors).
    """
    domains = list(domains)
    unknown = [d for d in [source, *(targets or ())]
               if d is not None and d != 'all' and d not in domains]
    if unknown:
        raise SystemExit(f'error: unknown domain(s) {unknown}; the model\'s '
                         f'domains are {domains}')
    if targets is not None and list(targets) == ['all']:
        if source is None:
            raise SystemExit('error: --target-domain all needs '
                             '--source-domain')
        targets = [d for d in domains if d != source]
    targets = list(targets or [next(d for d in reversed(domains)
                                    if d != source)])
    if source is None:
        source = next(d for d in domains if d not in targets)
    if source in targets:
        raise SystemExit(f'error: the source domain {source!r} is among the '
                         'targets')
    return source, targets


def task_parser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument('config')
    p.add_argument('checkpoint')
    p.add_argument('--source-domain', required=True)
    p.add_argument('--target-domain',
                   help='default: the model\'s other (last other) domain')
    return p


def load_task(args: argparse.Namespace) -> Tuple[object, str]:
    """The model of ``args.config``/``args.checkpoint`` and the target
    domain (:func:`task_domains`)."""
    model = init_model(args.config, args.checkpoint)
    _, (target, ) = task_domains(
        model.domains, args.source_domain,
        [args.target_domain] if args.target_domain else None)
    return model, target
