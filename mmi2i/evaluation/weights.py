"""Every pretrained file the toolbox uses, and getting it: found in
torch's hub cache, else downloaded there with its hash checked.

The files are those torchvision, pytorch-fid and lpips load themselves
from the same folder (``$TORCH_HOME/hub/checkpoints``, by default
``~/.cache/torch/hub/checkpoints``), so a file fetched here is the file
they use. Downloads go through :func:`torch.hub.download_url_to_file`: a
progress bar, a temporary ``.partial`` file removed on any failure, and
the SHA-256 prefix of the file name checked before the file is moved into
place, so neither a partial nor a corrupt download stays in the cache.

``MMI2I_OFFLINE=1`` turns downloads off (air-gapped clusters): a missing
file is then an error saying where to put it.
"""
import os
import os.path as osp
from typing import Dict, List, NamedTuple


class PretrainedFile(NamedTuple):
    """A pretrained file: what it is for, its official URL and the
    SHA-256 prefix its name carries."""
    what: str
    url: str
    sha256_prefix: str


#: The pretrained files, by file name.
KNOWN_WEIGHTS: Dict[str, PretrainedFile] = {
    'pt_inception-2015-12-05-6726825d.pth': PretrainedFile(
        'FID Inception (pytorch-fid), for FID',
        'https://github.com/mseitzer/pytorch-fid/releases/download/'
        'fid_weights/pt_inception-2015-12-05-6726825d.pth', '6726825d'),
    'inception_v3_google-0cc3c7bd.pth': PretrainedFile(
        'Inception v3 ImageNet classifier (torchvision), for IS/CIS',
        'https://download.pytorch.org/models/'
        'inception_v3_google-0cc3c7bd.pth', '0cc3c7bd'),
    'alexnet-owt-7be5be79.pth': PretrainedFile(
        'AlexNet ImageNet backbone (torchvision), for LPIPS',
        'https://download.pytorch.org/models/alexnet-owt-7be5be79.pth',
        '7be5be79'),
    'vgg16-397923af.pth': PretrainedFile(
        'VGG-16 ImageNet backbone (torchvision), for the classification '
        'score and LPIPS(vgg)',
        'https://download.pytorch.org/models/vgg16-397923af.pth',
        '397923af'),
    'vgg19-dcbb9e9d.pth': PretrainedFile(
        'VGG-19 ImageNet features (torchvision), for the perceptual loss '
        '(MGD-GAN training)',
        'https://download.pytorch.org/models/vgg19-dcbb9e9d.pth',
        'dcbb9e9d'),
    'mask_rcnn_r50_fpn_1x_coco_20200205-d4b0c5d6.pth': PretrainedFile(
        "Mask R-CNN R50-FPN trained on COCO (mmdet's model zoo), the "
        'detector of MMR/MODS/MVIS in the paper configs',
        'https://download.openmmlab.com/mmdetection/v2.0/mask_rcnn/'
        'mask_rcnn_r50_fpn_1x_coco/'
        'mask_rcnn_r50_fpn_1x_coco_20200205-d4b0c5d6.pth', 'd4b0c5d6'),
}

#: Set to 1 to never download (a missing file is an error).
OFFLINE_ENV = 'MMI2I_OFFLINE'


def weight_dirs() -> List[str]:
    """Folders searched: torch's hub cache (``$TORCH_HOME/hub/checkpoints``,
    by default ``~/.cache/torch/hub/checkpoints``), where torchvision,
    pytorch-fid and lpips look for these files too."""
    import torch
    return [osp.join(torch.hub.get_dir(), 'checkpoints')]


def downloads_allowed() -> bool:
    return os.environ.get(OFFLINE_ENV, '0').lower() in ('', '0', 'false',
                                                        'no')


def find_weights(filename: str) -> str:
    """The path of a pretrained file in torch's hub cache, downloaded
    there first (hash checked) when it is missing.

    Raises:
        FileNotFoundError: one sentence naming the file, what it is for,
            its URL and the folder to put it in, when it is missing and
            cannot be downloaded (offline, ``MMI2I_OFFLINE=1``, or a
            failed or corrupt download, whose reason is appended).
    """
    folder = weight_dirs()[0]
    path = osp.join(folder, filename)
    if osp.isfile(path):
        return path
    known = KNOWN_WEIGHTS.get(filename)
    if known is None:
        raise FileNotFoundError(
            f'pretrained weights not found: {filename}; copy the file into '
            f'{folder} (torch\'s hub cache; TORCH_HOME moves it)')
    if downloads_allowed():
        import torch
        os.makedirs(folder, exist_ok=True)
        try:
            torch.hub.download_url_to_file(known.url, path,
                                           known.sha256_prefix,
                                           progress=True)
            return path
        except (OSError, RuntimeError, ValueError) as e:
            reason = f' (the download failed: {e})'
    else:
        reason = f' (downloads are off: {OFFLINE_ENV}=1)'
    raise FileNotFoundError(
        f'pretrained weights not found: {filename}, the {known.what}; '
        f'download {known.url} into {folder} (torch\'s hub cache; '
        f'TORCH_HOME moves it){reason}')
