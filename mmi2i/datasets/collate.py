"""Collate function for per-domain items."""
from typing import Dict, List, Sequence

from mmengine.registry import FUNCTIONS as MMENGINE_FUNCTIONS

from mmi2i.registry import FUNCTIONS


@FUNCTIONS.register_module()
def translation_collate(data_batch: Sequence[dict]) -> dict:
    """Group items of :class:`UnpairedInstanceDataset` by domain.

    Items may hold different domains (test mode enumerates one domain per
    item), so each domain gets its own list; nothing is stacked here, the
    data preprocessor stacks and pads.

    Returns:
        dict: ``inputs`` and ``data_samples``, each a dict mapping a domain
        name to a list.
    """
    inputs: Dict[str, List] = {}
    samples: Dict[str, List] = {}
    for item in data_batch:
        for domain, img in item['inputs'].items():
            inputs.setdefault(domain, []).append(img)
            samples.setdefault(domain, []).append(
                item['data_samples'][domain])
    return dict(inputs=inputs, data_samples=samples)


# MMEngine's Runner looks collate functions up in the *root* FUNCTIONS
# registry without consulting the default scope, so the function is also
# registered there under the same name.
if 'translation_collate' not in MMENGINE_FUNCTIONS.module_dict:
    MMENGINE_FUNCTIONS.register_module(
        name='translation_collate', module=translation_collate)
