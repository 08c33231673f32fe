"""Training the domain classifiers of the classification score and of
IS/CIS (an Inception-v3 fine-tuned on the domains)."""
from typing import List, Optional, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from mmengine.logging import print_log
from torch.utils.data import DataLoader, Dataset, RandomSampler

from mmi2i.datasets import UnpairedInstanceDataset
from .networks import build_network


def domain_images(root: str, domains: Sequence[str], split: str,
                  size: int) -> UnpairedInstanceDataset:
    """All images of ``domains`` (one per item), resized to ``size``."""
    pipeline = [
        dict(type='LoadImageFromFile'),
        dict(type='LoadInstances'),
        dict(type='Resize', scale=(size, size)),
        dict(type='PackTranslationInputs')
    ]
    return UnpairedInstanceDataset(
        [dict(name=d, ann_file=f'annotations/{d}_{split}.json',
              img_dir=f'images/{d}_{split}') for d in domains],
        data_root=root, test_mode=True, pipeline=pipeline)


class LabelledImages(Dataset):
    """(uint8 image, domain label) of each image of a test-mode
    :class:`UnpairedInstanceDataset`, read from disk when asked (datasets
    of any size), masked by the instance masks if asked."""

    def __init__(self, ds: UnpairedInstanceDataset, masked: bool) -> None:
        self.ds, self.masked = ds, masked

    def __len__(self) -> int:
        return len(self.ds)

    def __getitem__(self, i: int):
        item = self.ds[i]
        (domain, img), = item['inputs'].items()
        if self.masked:
            gt = item['data_samples'][domain].gt_instances.masks
            img = img * (gt.any(0) if len(gt) else torch.zeros(
                img.shape[1:], dtype=torch.bool))
        return img, self.ds.domain_names.index(domain)


def accuracy(net, images: LabelledImages, batch_size: int = 64,
             num_workers: int = 0, device: str = 'cpu') -> float:
    """Top-1 accuracy (%) of ``net`` on every image."""
    net.eval()
    hits = 0
    with torch.no_grad():
        for x, y in DataLoader(images, batch_size, num_workers=num_workers):
            hits += int((net(x.to(device)).argmax(1).cpu() == y).sum())
    return 100.0 * hits / len(images)


def train_domain_classifier(root: str,
                            domains: Sequence[str],
                            network: dict,
                            masked: bool = True,
                            split: str = 'train',
                            val_split: Optional[str] = None,
                            size: int = 64,
                            iters: int = 300,
                            batch_size: int = 16,
                            lr: float = 1e-3,
                            seed: int = 0,
                            num_workers: int = 0,
                            device: str = 'cpu') -> dict:
    """Train a classifier that tells ``domains`` apart: Adam, random
    images with replacement and horizontal flips, cross-entropy.

    Images are read from disk batch by batch (``num_workers`` loader
    processes), so the INIT dataset's 38k images train an Inception-v3
    (``network=dict(type='InceptionV3Classifier', ...)``) as well as the
    toy data a small CNN.

    Returns:
        dict: a checkpoint (plain types) with ``state_dict`` and ``meta``
        (``network``, ``classes``, ``masked``, ``size``, accuracies).
    """
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    images = LabelledImages(domain_images(root, domains, split, size),
                            masked)
    net = build_network(network, 'TinyClassifier').to(device)
    params = [p for p in net.parameters() if p.requires_grad]
    optim = torch.optim.Adam(params, lr=lr)
    sampler = RandomSampler(images, replacement=True,
                            num_samples=iters * batch_size,
                            generator=torch.Generator().manual_seed(seed))
    losses: List[float] = []
    loader = DataLoader(images, batch_size, sampler=sampler,
                        num_workers=num_workers, drop_last=True)
    for it, (x, y) in enumerate(loader):
        net.train()
        flip = torch.from_numpy(rng.random(len(x)) < 0.5)
        x[flip] = x[flip].flip(-1)
        loss = F.cross_entropy(net(x.to(device)), y.to(device))
        optim.zero_grad()
        loss.backward()
        optim.step()
        losses.append(float(loss))
        if (it + 1) % 50 == 0:
            print_log(f'iter {it + 1}/{iters} loss '
                      f'{np.mean(losses[-50:]):.4f}', logger='current')
    meta = dict(network=dict(network), classes=list(domains),
                masked=bool(masked), size=int(size),
                train_accuracy=accuracy(net, images, num_workers=num_workers,
                                        device=device))
    if val_split:
        meta['val_accuracy'] = accuracy(
            net, LabelledImages(domain_images(root, domains, val_split,
                                              size), masked),
            num_workers=num_workers, device=device)
    state = {k: v.cpu() for k, v in net.state_dict().items()}
    return dict(state_dict=state, meta=meta)
