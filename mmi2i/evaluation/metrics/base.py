"""The base of mmi2i's metrics: results counted per input, not per
prediction."""
from collections import OrderedDict
from typing import Any

from mmengine.dist import (broadcast_object_list, collect_results,
                           is_main_process)
from mmengine.evaluator import BaseMetric


def input_key(sample: dict) -> tuple:
    """The test input a prediction came from (predictions for several
    targets or styles share it)."""
    return (sample['domain'], sample.get('sample_idx'),
            sample.get('img_path'))


class TranslationMetric(BaseMetric):
    """A metric whose results are grouped by input before collection.

    MMEngine's evaluator truncates the collected results to the dataset's
    length (dropping the distributed sampler's padding), which assumes one
    result per input. A translation model makes one prediction per
    (input, target domain, style): with ``test_num_styles`` > 1 or several
    targets, plain per-prediction results would silently lose all but the
    first part of the test set. Subclasses call :meth:`add_result` per
    prediction; :meth:`compute_metrics` receives the flat list of rows.
    """

    def add_result(self, sample: dict, row: Any) -> None:
        self.results.append((input_key(sample), row))

    def rows(self) -> list:
        """The results so far, one row per prediction."""
        return [row for _, row in self.results]

    def evaluate(self, size: int) -> dict:
        groups: 'OrderedDict[tuple, list]' = OrderedDict()
        for key, row in self.results:
            groups.setdefault(key, []).append(row)
        if not groups:
            raise ValueError(f'{type(self).__name__} got no predictions; '
                             'check the test dataloader')
        collected = collect_results(list(groups.values()), size,
                                    self.collect_device)
        metrics: list = [None]
        if is_main_process():
            rows = [row for group in collected for row in group]
            out = self.compute_metrics(rows)
            if self.prefix:
                out = {f'{self.prefix}/{k}': v for k, v in out.items()}
            metrics = [out]
        broadcast_object_list(metrics)
        self.results.clear()
        return metrics[0]
