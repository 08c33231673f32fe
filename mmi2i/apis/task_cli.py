"""The command line shared by the analysis tools that study one direction
of a trained model: ``CONFIG CHECKPOINT --source-domain A
[--target-domain B]``."""
import argparse
from typing import Tuple

from .inference import init_model


def task_parser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument('config')
    p.add_argument('checkpoint')
    p.add_argument('--source-domain', required=True)
    p.add_argument('--target-domain',
                   help='default: the model\'s other (first other) domain')
    return p


def load_task(args: argparse.Namespace) -> Tuple[object, str]:
    """The model of ``args.config``/``args.checkpoint`` and the target
    domain (given, or the first domain other than the source)."""
    model = init_model(args.config, args.checkpoint)
    if args.source_domain not in model.domains:
        raise SystemExit(f'error: --source-domain {args.source_domain!r} is '
                         f'not among the model\'s domains {model.domains}')
    target = args.target_domain or next(d for d in model.domains
                                        if d != args.source_domain)
    return model, target
