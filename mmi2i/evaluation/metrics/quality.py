"""FID, IS/CIS and the (masked) classification score as metrics."""
import os
import os.path as osp
from collections import defaultdict
from typing import Dict, List, Optional, Sequence, Union

import numpy as np
import torch

from mmi2i.datasets.io import IMG_EXTS, read_image
from mmi2i.registry import METRICS
from mmi2i.structures import from_uint8
from ..functional import (conditional_inception_score, frechet_distance,
                          inception_score, lpips_diversity, masked,
                          softmax_probs)
from ..networks import PRETRAINED_CLASSIFIERS, build_lpips, build_network
from .base import TranslationMetric, input_key


def _image_tensor(sample: dict) -> torch.Tensor:
    return sample['pred_img'][None]


def _gen_masks(sample: dict, mask_source: str) -> torch.Tensor:
    pred = sample.get('pred_instances')
    if pred is not None and mask_source in ('auto', 'pred'):
        return torch.as_tensor(pred['masks'])[None]
    return torch.as_tensor(sample['gt_instances']['masks'])[None]


@METRICS.register_module()
class FIDMetric(TranslationMetric):
    """Fréchet distance between translations and real target images.

    Args:
        reference (dict, optional): Target domain -> folder of its real
            images. Default: the target domain's images of the split
            tested (the dataset's ``image_dirs``).
        feature_net (dict, optional): Network config; defaults to
            ``InceptionFeatures`` (pytorch-fid's Inception, its weights
            must be in torch's hub cache).
    """

    default_prefix = 'fid'

    def __init__(self,
                 reference: Optional[Dict[str, str]] = None,
                 feature_net: Optional[dict] = None,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.reference = dict(reference or {})
        self.net = build_network(feature_net, 'InceptionFeatures')
        self._ref_cache: Dict[str, np.ndarray] = {}

    def features(self, images: Sequence[torch.Tensor]) -> np.ndarray:
        return np.concatenate(
            [self.net(img[None]).cpu().numpy() for img in images])

    def reference_features(self, domain: str) -> np.ndarray:
        if domain not in self._ref_cache:
            folder = self.reference.get(domain) or (
                self.dataset_meta or {}).get('image_dirs', {}).get(domain)
            if folder is None:
                raise KeyError(f'FIDMetric has no reference images for '
                               f'target domain {domain!r}; give '
                               f'reference={{{domain!r}: IMAGE_DIR}}')
            if not osp.isdir(folder):
                raise FileNotFoundError(f'FID reference folder not found: '
                                        f'{folder}')
            files = sorted(f for f in os.listdir(folder)
                           if f.lower().endswith(IMG_EXTS))
            imgs = [
                torch.from_numpy(read_image(osp.join(folder, f))).permute(
                    2, 0, 1) for f in files
            ]
            self._ref_cache[domain] = self.features(imgs)
        return self._ref_cache[domain]

    def process(self, data_batch: dict, data_samples: Sequence) -> None:
        for s in data_samples:
            self.add_result(
                s,
                dict(target=s['target_domain'],
                     task=f'{s["domain"]}2{s["target_domain"]}',
                     feat=self.features([s['pred_img']])[0]))

    def compute_metrics(self, results: List[dict]) -> dict:
        out = {}
        for task in sorted({r['task'] for r in results}):
            rows = [r for r in results if r['task'] == task]
            fake = np.stack([r['feat'] for r in rows])
            out[task] = frechet_distance(
                fake, self.reference_features(rows[0]['target']))
        return out


@METRICS.register_module()
class InceptionScoreMetric(TranslationMetric):
    """IS of the translations per task and, when an input was translated
    with several styles, CIS (MUNIT) over the outputs of each input.

    The papers' protocol (MUNIT, INIT Table 4, CGL Tables 2/4, MGUIT
    Table 1) scores with an Inception-v3 fine-tuned on the domains:
    ``checkpoint``, a file of ``tools/analysis/train_domain_classifier.py
    --network InceptionV3Classifier`` (a config's top-level
    ``domain_classifier`` fills it, :func:`mmi2i.apis.resolve_evaluators`).
    Without one, ImageNet's Inception-v3 classes are used.

    Args:
        checkpoint (str, optional): A fine-tuned domain classifier.
        classifier (dict, optional): Another network config (without
            ``checkpoint``). Defaults to ``InceptionClassifier``.
        splits (int): IS splits. Defaults to 1.
    """

    default_prefix = 'is'

    def __init__(self, checkpoint: Optional[str] = None,
                 classifier: Optional[dict] = None, splits: int = 1,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        if checkpoint is not None and classifier is not None:
            raise ValueError('InceptionScoreMetric: give checkpoint (a '
                             'fine-tuned classifier) or classifier, not '
                             'both')
        if checkpoint is not None:
            self.net, _ = load_domain_classifier(checkpoint)
        else:
            self.net = build_network(classifier, 'InceptionClassifier')
        self.splits = splits

    def process(self, data_batch: dict, data_samples: Sequence) -> None:
        for s in data_samples:
            with torch.no_grad():
                probs = softmax_probs(self.net(_image_tensor(s)))[0]
            self.add_result(
                s,
                dict(task=f'{s["domain"]}2{s["target_domain"]}',
                     key=input_key(s), probs=probs))

    def compute_metrics(self, results: List[dict]) -> dict:
        out = {}
        for task in sorted({r['task'] for r in results}):
            rows = [r for r in results if r['task'] == task]
            out[f'{task}/IS'] = inception_score(
                np.stack([r['probs'] for r in rows]), self.splits)
            groups = defaultdict(list)
            for r in rows:
                groups[r['key']].append(r['probs'])
            sizes = {len(g) for g in groups.values()}
            if len(sizes) == 1 and sizes.pop() > 1:
                out[f'{task}/CIS'] = conditional_inception_score(
                    np.stack([np.stack(g) for g in groups.values()]))
        return out


@METRICS.register_module()
class LPIPSDiversityMetric(TranslationMetric):
    """LPIPS diversity of multimodal translations (MUNIT/DRIT++/INIT):
    for each input translated with K styles (``test_num_styles`` of the
    model), the mean LPIPS distance between consecutive outputs (K - 1
    pairs), averaged over inputs, per task. Deterministic methods (one
    output per input) are an error: there is nothing to compare.

    Args:
        pretrained (bool): LPIPS with ImageNet AlexNet weights from the hub
            cache (``alexnet-owt-7be5be79.pth``); False builds a random
            backbone (smoke tests; numbers are not comparable to papers).
        net (str): ``alex`` (the papers) or ``vgg``.
        num_pairs (int, optional): Pairs per input: the first
            ``num_pairs + 1`` outputs of each input (19 in the MUNIT
            protocol, whose IS/CIS take more styles of the same run); None
            takes every output (K - 1 pairs).
    """

    default_prefix = 'lpips_div'

    def __init__(self, pretrained: bool = True, net: str = 'alex',
                 num_pairs: Optional[int] = None,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.distance = build_lpips(pretrained, net)
        self.num_pairs = num_pairs

    def process(self, data_batch: dict, data_samples: Sequence) -> None:
        for s in data_samples:
            self.add_result(
                s,
                dict(key=input_key(s), style=s.get('style_index', 0),
                     task=f'{s["domain"]}2{s["target_domain"]}',
                     img=s['pred_img'].clone()))

    def compute_metrics(self, results: List[dict]) -> dict:
        groups = defaultdict(list)
        for r in results:
            groups[(r['task'], r['key'])].append(r)
        if all(len(g) < 2 for g in groups.values()):
            raise ValueError(
                'LPIPSDiversityMetric needs several translations of each '
                'input: set model.test_num_styles > 1 (multimodal methods '
                'only)')
        scores = defaultdict(list)
        for (task, _), rows in groups.items():
            if len(rows) < 2:
                continue
            rows.sort(key=lambda r: r['style'])
            pairs = len(rows) - 1 if self.num_pairs is None else \
                self.num_pairs
            if len(rows) < pairs + 1:
                raise ValueError(
                    f'LPIPSDiversityMetric(num_pairs={pairs}) needs '
                    f'{pairs + 1} translations of each input, got '
                    f'{len(rows)}: raise model.test_num_styles')
            imgs = from_uint8(
                torch.stack([r['img'] for r in rows[:pairs + 1]]))
            with torch.no_grad():
                scores[task].append(
                    lpips_diversity(self.distance, imgs, pairs))
        return {t: float(np.mean(v)) for t, v in sorted(scores.items())}


@METRICS.register_module()
class ClassificationScoreMetric(TranslationMetric):
    """Ratio of translations a domain classifier assigns to the target
    domain (InstaGAN), in percent; ``masked=True`` zeroes the pixels
    outside the instance masks first (InstaGAN's COCO protocol).

    Args:
        checkpoint (str): Classifier trained by
            ``tools/analysis/train_domain_classifier.py``; its metadata
            holds the network config, the class (domain) order and whether
            it was trained on masked images.
        masked (bool, optional): Override the checkpoint's setting.
        mask_source (str): ``'auto'`` (translated masks when predicted,
            else the source masks), ``'pred'`` or ``'gt'``.
    """

    default_prefix = 'cls'

    def __init__(self, checkpoint: str, masked: Optional[bool] = None,
                 mask_source: str = 'auto', collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.net, meta = load_domain_classifier(checkpoint)
        self.classes = list(meta['classes'])
        self.masked = meta['masked'] if masked is None else masked
        self.mask_source = mask_source

    def process(self, data_batch: dict, data_samples: Sequence) -> None:
        for s in data_samples:
            img = _image_tensor(s).float() / 255.0
            if self.masked:
                img = masked(img, _gen_masks(s, self.mask_source))
            with torch.no_grad():
                pred = int(self.net(img).argmax(1))
            target = s['target_domain']
            if target not in self.classes:
                raise KeyError(f'target domain {target!r} not among the '
                               f'classifier\'s classes {self.classes}')
            self.add_result(
                s,
                dict(task=f'{s["domain"]}2{target}',
                     hit=pred == self.classes.index(target)))

    def compute_metrics(self, results: List[dict]) -> dict:
        return {
            task: 100.0 * float(
                np.mean([r['hit'] for r in results if r['task'] == task]))
            for task in sorted({r['task'] for r in results})
        }


def load_domain_classifier(path: Union[str, os.PathLike]):
    """Load a classifier saved by train_domain_classifier.py.

    Returns:
        tuple: (network in eval mode, meta dict).
    """
    if not osp.isfile(path):
        raise FileNotFoundError(f'Classifier checkpoint not found: {path}; '
                                'train one with tools/analysis/'
                                'train_domain_classifier.py')
    ckpt = torch.load(path, map_location='cpu', weights_only=True)
    meta = ckpt['meta']
    net_cfg = dict(meta['network'])
    if net_cfg.get('type') in PRETRAINED_CLASSIFIERS:
        net_cfg['pretrained'] = False  # the checkpoint holds every weight
    net = build_network(net_cfg, 'TinyClassifier')
    net.load_state_dict(ckpt['state_dict'])
    return net.eval(), meta
