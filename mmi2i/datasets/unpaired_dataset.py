"""Unpaired multi-domain dataset with per-image instance sets."""
import copy
import os.path as osp
from collections import defaultdict
from typing import Dict, List, Optional, Sequence, Union

import numpy as np
from mmengine.dataset import Compose
from mmengine.logging import print_log
from torch.utils.data import Dataset

from mmi2i.registry import DATASETS, TRANSFORMS
from .io import (DataError, annotation_area, load_coco_instances,
                 resolve_classes, safe_join, stable_area_order)

EMPTY_POLICIES = ('keep', 'skip')


def load_domain(ann_file: str,
                img_dir: str,
                classes: Optional[Sequence[str]] = None,
                max_instances: Optional[int] = None,
                empty_policy: str = 'keep',
                check_files: bool = True,
                categories: Optional[set] = None) -> List[dict]:
    """Read one domain's COCO-style file into a list of data infos.

    Each info holds ``img_path``, ``img_id``, ``height``, ``width`` and
    ``instances`` (dicts with ``bbox`` xywh, ``segmentation`` when present,
    ``category`` name, ``area`` and ``ann_id``) sorted by decreasing area
    and cut to ``max_instances``; the cut is deterministic (ties broken by
    annotation id).

    Args:
        ann_file (str): Path of the instances JSON.
        img_dir (str): Folder that ``file_name`` entries are relative to.
        classes (Sequence[str], optional): Keep only these categories.
        max_instances (int, optional): Keep at most this many instances.
        empty_policy (str): ``'keep'`` images without instances (default) or
            ``'skip'`` them.
        check_files (bool): Verify that every image exists.
        categories (set, optional): Collects the file's category names
            instead of checking ``classes`` against them (a dataset checks
            them against all its domains: a domain need not hold every
            class).

    Returns:
        list[dict]: one info per image, in the JSON's image order.
    """
    if empty_policy not in EMPTY_POLICIES:
        raise ValueError(f'empty_policy must be one of {EMPTY_POLICIES}, '
                         f'got {empty_policy!r}')
    if max_instances is not None and (not isinstance(max_instances, int)
                                      or max_instances < 0):
        # -1 used to drop each image's smallest instance (a slice [:-1])
        raise ValueError(f'max_instances must be None or an int >= 0, got '
                         f'{max_instances!r}')
    data = load_coco_instances(ann_file)
    cat_name = {c['id']: c['name'] for c in data['categories']}
    if categories is not None:
        categories.update(cat_name.values())
    elif classes is not None:
        resolve_classes(classes, list(cat_name.values()), ann_file)
    anns_by_img = defaultdict(list)
    for ann in data['annotations']:
        if ann.get('iscrowd', 0):
            continue
        name = cat_name[ann['category_id']]
        if classes is not None and name not in classes:
            continue
        anns_by_img[ann['image_id']].append(ann)

    infos, missing = [], []
    for img in data['images']:
        path = safe_join(img_dir, img['file_name'],
                         f'{ann_file}: image {img.get("id")}')
        if check_files and not osp.isfile(path):
            missing.append(img['file_name'])
            continue
        h, w = int(img['height']), int(img['width'])
        anns = anns_by_img.get(img['id'], [])
        areas = [annotation_area(a, h, w) for a in anns]
        order = stable_area_order(areas, [a['id'] for a in anns])
        if max_instances is not None:
            order = order[:max_instances]
        instances = []
        for i in order:
            ann = anns[i]
            inst = dict(
                category=cat_name[ann['category_id']],
                area=areas[i],
                ann_id=ann['id'])
            if 'bbox' in ann:
                inst['bbox'] = [float(v) for v in ann['bbox']]
            if 'segmentation' in ann:
                inst['segmentation'] = ann['segmentation']
            instances.append(inst)
        if not instances and empty_policy == 'skip':
            continue
        infos.append(
            dict(
                img_path=path,
                img_id=img['id'],
                height=h,
                width=w,
                ann_file=ann_file,
                instances=instances))
    if missing:
        shown = ', '.join(missing[:5]) + (' ...' if len(missing) > 5 else '')
        raise DataError(f'{ann_file} references {len(missing)} image(s) '
                        f'missing from {img_dir}: {shown}')
    return infos


def standard_domain(name: str, split: str) -> dict:
    """A domain of the standard layout (docs/data_format.md)."""
    return dict(name=name, ann_file=f'annotations/{name}_{split}.json',
                img_dir=f'images/{name}_{split}')


def domain_files(domains: Sequence[Union[str, dict]],
                 split: str = 'train') -> List[dict]:
    """Each domain as a dict with ``name``, ``ann_file`` and ``img_dir``
    (relative to the data root): names follow the standard layout of
    ``split``, dicts are kept."""
    return [standard_domain(d, split) if isinstance(d, str) else d
            for d in domains]


def missing_annotations(dataset_cfg: dict) -> List[str]:
    """The annotation files an :class:`UnpairedInstanceDataset` config
    would read that do not exist (empty when all do)."""
    root = dataset_cfg.get('data_root') or ''
    return [
        osp.join(root, d['ann_file'])
        for d in domain_files(dataset_cfg.get('domains') or (),
                              dataset_cfg.get('split', 'train'))
        if not osp.isfile(osp.join(root, d['ann_file']))
    ]


def pick_test_inputs(num_images: int, num: Optional[int],
                     seed: int = 0) -> List[int]:
    """Indices of the images a test run uses: all, or ``num`` of them
    drawn without replacement by ``seed`` (sorted; all when ``num`` is at
    least ``num_images``)."""
    if num is None or num >= num_images:
        return list(range(num_images))
    if num < 1:
        raise ValueError(f'num_test_inputs must be positive, got {num}')
    rng = np.random.default_rng(seed)
    return sorted(int(i) for i in rng.choice(num_images, num, replace=False))


@DATASETS.register_module()
class UnpairedInstanceDataset(Dataset):
    """Unpaired images of N domains, each with its instance set.

    In training mode (``test_mode=False``) item ``i`` holds one image of
    every domain: domains as long as the dataset take image ``i``, shorter
    ones a random image (``np.random``, which MMEngine seeds per worker and
    rank). In test mode the dataset enumerates every image of
    ``test_domains`` once, one domain per item.

    Items are ``dict(inputs={domain: img}, data_samples={domain: sample})``
    as produced by each domain's pipeline (ending in
    ``PackTranslationInputs``); use the ``translation_collate`` function.

    Args:
        domains (list[str | dict]): Domain names in the standard layout
            (``annotations/<name>_<split>.json`` and
            ``images/<name>_<split>``), or dicts with ``name``, ``ann_file``
            and ``img_dir`` (relative to ``data_root``).
        data_root (str): Root folder. Defaults to ''.
        split (str): Split of the standard layout, for domains given by
            name. Defaults to ``'train'``.
        pipeline (list[dict]): Transforms applied to each domain's image.
        classes (Sequence[str], optional): Category names to keep; the
            label of an instance is its index in ``metainfo['classes']``
            (all categories of all domains in order of appearance when not
            given).
        max_instances (int, optional): Keep the largest N instances per
            image (InstaGAN's ``ins_max``). None keeps all.
        empty_policy (str): ``'keep'`` or ``'skip'`` images with no
            instances. Defaults to ``'keep'``: image-level methods train on
            them and instance methods see an empty set.
        test_mode (bool): Enumerate instead of sampling unpaired.
        test_domains (Sequence[str], optional): Source domains enumerated in
            test mode. Defaults to all.
        num_test_inputs (int, optional): In test mode, this many images of
            each test domain, drawn without replacement by a fixed seed
            (the "100 input images" of the MUNIT protocol); None: all.
        check_files (bool): Check at start-up that every image exists.
        sampling (str): How a training item is drawn (N-domain methods):
            ``'all_domains'`` (default): one image of every domain, keyed
            by domain name. ``'one_domain'``: one image, keyed
            ``'source'``, with its domain in the sample's ``domain`` /
            ``domain_idx`` (the preprocessor makes it a label tensor).
            ``'pair'``: the same plus a ``'reference'`` image of another
            domain. Random draws use ``np.random`` (seeded per worker and
            rank by MMEngine).
        balanced_domains (bool): With ``'one_domain'`` / ``'pair'``: the
            source domain is drawn uniformly, then an image of it (True,
            default); False enumerates every image of every domain once
            per epoch (domains weighted by their sizes).
    """

    #: Item keys of the N-domain sampling modes.
    SLOTS = ('source', 'reference')

    def __init__(self,
                 domains: Sequence[Union[str, dict]],
                 data_root: str = '',
                 split: str = 'train',
                 pipeline: Optional[Sequence[Union[dict, callable]]] = None,
                 classes: Optional[Sequence[str]] = None,
                 max_instances: Optional[int] = None,
                 empty_policy: str = 'keep',
                 test_mode: bool = False,
                 test_domains: Optional[Sequence[str]] = None,
                 check_files: bool = True,
                 sampling: str = 'all_domains',
                 balanced_domains: bool = True,
                 num_test_inputs: Optional[int] = None) -> None:
        super().__init__()
        if sampling not in ('all_domains', 'one_domain', 'pair'):
            raise ValueError(f"sampling must be 'all_domains', 'one_domain' "
                             f"or 'pair', got {sampling!r}")
        if sampling == 'pair' and len(domains) < 2:
            raise ValueError("sampling='pair' needs at least two domains")
        self.sampling = sampling
        self.balanced_domains = balanced_domains
        if not domains:
            raise ValueError('UnpairedInstanceDataset needs at least one '
                             'domain')
        self.data_root = data_root
        domains = domain_files(domains, split)
        self.domain_names = [d['name'] for d in domains]
        if len(set(self.domain_names)) != len(self.domain_names):
            raise ValueError(f'Duplicate domain names: {self.domain_names}')
        self.test_mode = test_mode
        self.pipeline = Compose([
            TRANSFORMS.build(t) if isinstance(t, dict) else t
            for t in pipeline or []
        ])
        self.data_lists: Dict[str, List[dict]] = {}
        self.image_dirs = {
            d['name']: osp.join(data_root, d.get('img_dir', ''))
            for d in domains
        }
        all_classes: List[str] = []
        categories: set = set()
        for d in domains:
            ann_file = osp.join(data_root, d['ann_file'])
            img_dir = osp.join(data_root, d.get('img_dir', ''))
            infos = load_domain(ann_file, img_dir, classes, max_instances,
                                empty_policy, check_files, categories)
            if not infos:
                raise DataError(f'{ann_file}: no usable images for domain '
                                f'"{d["name"]}" (empty_policy={empty_policy})')
            self.data_lists[d['name']] = infos
            for info in infos:
                for inst in info['instances']:
                    if inst['category'] not in all_classes:
                        all_classes.append(inst['category'])
        if classes is not None:  # a typo is in no domain's file
            resolve_classes(classes, sorted(categories), 'the annotation '
                            'files of ' + ', '.join(
                                osp.join(data_root, d['ann_file'])
                                for d in domains))
        self.classes = tuple(classes) if classes is not None else tuple(
            all_classes)
        self._label_of = {c: i for i, c in enumerate(self.classes)}
        for d, infos in self.data_lists.items():
            for info in infos:
                for inst in info['instances']:
                    inst['label'] = self._label_of[inst['category']]
        if test_domains is None:
            test_domains = self.domain_names
        unknown = [d for d in test_domains if d not in self.data_lists]
        if unknown:
            raise ValueError(f'test_domains {unknown} not among the domains '
                             f'{self.domain_names}')
        self.test_domains = list(test_domains)
        self._test_index = [(d, i) for d in self.test_domains
                            for i in pick_test_inputs(
                                len(self.data_lists[d]), num_test_inputs)]
        sizes = {d: len(v) for d, v in self.data_lists.items()}
        print_log(
            f'UnpairedInstanceDataset ({"test" if test_mode else "train"}): '
            f'{sizes} images per domain, {len(self.classes)} classes',
            logger='current')

    @property
    def metainfo(self) -> dict:
        return dict(
            domains=tuple(self.domain_names), classes=tuple(self.classes),
            image_dirs=dict(self.image_dirs))

    def __len__(self) -> int:
        if self.test_mode:
            return len(self._test_index)
        if self.sampling != 'all_domains':
            return sum(len(v) for v in self.data_lists.values())
        return max(len(v) for v in self.data_lists.values())

    def _random_image(self, exclude: Optional[str] = None):
        """(domain, index) drawn uniformly over the domains (but
        ``exclude``), then over the images of the domain."""
        names = [d for d in self.domain_names if d != exclude]
        d = names[int(np.random.randint(len(names)))]
        return d, int(np.random.randint(len(self.data_lists[d])))

    def _nth_image(self, idx: int):
        for d in self.domain_names:
            n = len(self.data_lists[d])
            if idx < n:
                return d, idx
            idx -= n
        raise IndexError(idx)

    def _one_domain_items(self, idx: int) -> dict:
        source = (self._random_image() if self.balanced_domains else
                  self._nth_image(idx))
        items = dict(source=source)
        if self.sampling == 'pair':
            items['reference'] = self._random_image(exclude=source[0])
        return items

    def get_data_info(self, domain: str, index: int) -> dict:
        """A deep copy of one image's info, with domain fields added."""
        info = copy.deepcopy(self.data_lists[domain][index])
        info['domain'] = domain
        info['domain_idx'] = self.domain_names.index(domain)
        info['sample_idx'] = index
        return info

    def _prepare(self, domain: str, index: int) -> dict:
        return self.pipeline(self.get_data_info(domain, index))

    def __getitem__(self, idx: int) -> dict:
        if not self.test_mode and self.sampling != 'all_domains':
            inputs, samples = {}, {}
            for slot, (d, j) in self._one_domain_items(idx).items():
                packed = self._prepare(d, j)
                inputs[slot] = packed['inputs']
                samples[slot] = packed['data_samples']
            return dict(inputs=inputs, data_samples=samples)
        if self.test_mode:
            items = [self._test_index[idx]]
        else:
            length = len(self)
            items = []
            for d in self.domain_names:
                n = len(self.data_lists[d])
                j = idx % n if n == length else int(np.random.randint(n))
                items.append((d, j))
        inputs, samples = {}, {}
        for d, j in items:
            packed = self._prepare(d, j)
            inputs[d] = packed['inputs']
            samples[d] = packed['data_samples']
        return dict(inputs=inputs, data_samples=samples)
