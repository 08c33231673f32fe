"""Translate images with a trained model.

Examples::

    # masks from a common-format annotation file
    python tools/translate.py CONFIG CKPT \
        --input data/shapes/images/sheep_test \
        --ann data/shapes/annotations/sheep_test.json --out out/
    # masks predicted by an mmdet instance segmentation model
    python tools/translate.py CONFIG CKPT --input photos/ \
        --det-config mask_rcnn.py --det-checkpoint mask_rcnn.pth \
        --det-classes sheep --out out/
    # InstaGAN-style masks N_0.png, N_1.png... in a folder
    python tools/translate.py CONFIG CKPT --input img.png --mask-dir masks/ \
        --target-domain giraffe --out out/

Writes ``<out>/<stem>.png`` and, for methods that translate masks,
``<out>/<stem>_mask<k>.png``.
"""
import argparse
import os
import os.path as osp

from mmengine.config import DictAction
from mmengine.utils import ProgressBar

from mmi2i.apis import (build_inference_pipeline, infos_from_annotations,
                        infos_from_detector, init_model, translate_infos)
from mmi2i.datasets.converters.instagan_folders import IMG_EXTS
from mmi2i.datasets.io import read_image
from mmi2i.visualization import save_translation


def parse_args(argv=None):
    p = argparse.ArgumentParser(description='Translate images')
    p.add_argument('config')
    p.add_argument('checkpoint')
    p.add_argument('--input', required=True, help='an image or a folder')
    masks = p.add_mutually_exclusive_group()
    masks.add_argument('--ann', help='common-format JSON with the instances')
    masks.add_argument('--mask-dir',
                       help='folder of <stem>_<k>.png instance masks')
    masks.add_argument('--det-config',
                       help='mmdet instance segmentation config: predict '
                       'the masks (with --det-checkpoint, --det-classes)')
    p.add_argument('--det-checkpoint')
    p.add_argument('--det-classes', nargs='+',
                   help='detector classes whose instances are translated')
    p.add_argument('--det-score-thr', type=float, default=0.5)
    p.add_argument('--source-domain', help='default: the other domain')
    p.add_argument('--target-domain',
                   help='default: the second domain of the model')
    p.add_argument('--out', required=True, help='output folder')
    p.add_argument('--batch-size', type=int, default=1)
    p.add_argument('--device', default='cpu')
    p.add_argument('--cfg-options', nargs='+', action=DictAction)
    return p.parse_args(argv)


def list_images(path: str):
    if osp.isdir(path):
        files = sorted(
            osp.join(path, f) for f in os.listdir(path)
            if f.lower().endswith(IMG_EXTS))
        if not files:
            raise FileNotFoundError(f'No images in {path}')
        return files
    if not osp.isfile(path):
        raise FileNotFoundError(f'Input not found: {path}')
    return [path]


def main(argv=None):
    args = parse_args(argv)
    model = init_model(args.config, args.checkpoint, args.device,
                       args.cfg_options)
    domains = model.domains
    target = args.target_domain or domains[-1]
    source = args.source_domain or next(d for d in domains if d != target)
    images = list_images(args.input)
    if args.ann:
        infos = infos_from_annotations(args.ann, osp.dirname(images[0]),
                                       images)
    elif args.det_config:
        if not (args.det_checkpoint and args.det_classes):
            raise SystemExit('--det-config needs --det-checkpoint and '
                             '--det-classes')
        from mmi2i.evaluation import InstanceSegmenter
        segmenter = InstanceSegmenter(args.det_config, args.det_checkpoint,
                                      args.device)
        infos = infos_from_detector(segmenter, images, args.det_classes,
                                    args.det_score_thr)
    else:
        infos = []
        for path in images:
            h, w = read_image(path).shape[:2]
            infos.append(dict(img_path=path, height=h, width=w,
                              instances=[]))
    pipeline = build_inference_pipeline(model.cfg, args.mask_dir)
    bar = ProgressBar(len(infos))
    written = 0
    for start in range(0, len(infos), args.batch_size):
        chunk = infos[start:start + args.batch_size]
        for sample in translate_infos(model, chunk, pipeline, source, target,
                                      args.batch_size):
            save_translation(sample, args.out)
            written += 1
            bar.update()
    print(f'\n{written} translation(s) {source} -> {target} written to '
          f'{args.out}')


if __name__ == '__main__':
    main()
