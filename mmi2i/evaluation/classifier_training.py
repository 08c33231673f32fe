"""Training the domain classifier of the classification score."""
from typing import List, Optional, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from mmengine.logging import print_log

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


def load_all(ds: UnpairedInstanceDataset, masked: bool):
    """Every image as uint8 (N, 3, H, W) (masked if asked) and its label."""
    imgs, labels = [], []
    for i in range(len(ds)):
        item = ds[i]
        (domain, img), = item['inputs'].items()
        if masked:
            gt = item['data_samples'][domain].gt_instances.masks
            img = img * (gt.any(0) if len(gt) else torch.zeros(
                img.shape[1:], dtype=torch.bool))
        imgs.append(img)
        labels.append(ds.domain_names.index(domain))
    return torch.stack(imgs), torch.tensor(labels)


def accuracy(net, imgs: torch.Tensor, labels: torch.Tensor,
             batch_size: int = 64) -> float:
    net.eval()
    with torch.no_grad():
        pred = torch.cat([
            net(imgs[s:s + batch_size]).argmax(1)
            for s in range(0, len(imgs), batch_size)
        ])
    return float((pred == labels).float().mean()) * 100


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
                            seed: int = 0) -> dict:
    """Train a classifier that tells ``domains`` apart.

    Returns:
        dict: a checkpoint (plain types) with ``state_dict`` and ``meta``
        (``network``, ``classes``, ``masked``, ``size``, accuracies).
    """
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    imgs, labels = load_all(domain_images(root, domains, split, size),
                            masked)
    net = build_network(network, 'TinyClassifier')
    params = [p for p in net.parameters() if p.requires_grad]
    optim = torch.optim.Adam(params, lr=lr)
    losses: List[float] = []
    for it in range(iters):
        net.train()
        idx = torch.from_numpy(rng.integers(0, len(imgs), batch_size))
        x = imgs[idx]
        flip = torch.from_numpy(rng.random(batch_size) < 0.5)
        x[flip] = x[flip].flip(-1)
        loss = F.cross_entropy(net(x), labels[idx])
        optim.zero_grad()
        loss.backward()
        optim.step()
        losses.append(float(loss))
        if (it + 1) % 50 == 0:
            print_log(f'iter {it + 1}/{iters} loss '
                      f'{np.mean(losses[-50:]):.4f}', logger='current')
    meta = dict(network=dict(network), classes=list(domains),
                masked=bool(masked), size=int(size),
                train_accuracy=accuracy(net, imgs, labels))
    if val_split:
        meta['val_accuracy'] = accuracy(
            net, *load_all(domain_images(root, domains, val_split, size),
                           masked))
    return dict(state_dict=net.state_dict(), meta=meta)
