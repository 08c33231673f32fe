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

    # multimodal methods (MUNIT, DRIT++...): 4 random styles per image, or
    # the style of reference images of the target domain
    python tools/translate.py CONFIG CKPT --input img.png --num-styles 4 \
        --out out/
    python tools/translate.py CONFIG CKPT --input img.png \
        --style-ref ref1.png ref2.png --out out/
    # INIT: each instance in the style of a reference image's instance
    python tools/translate.py CONFIG CKPT --input street.png \
        --instance-style-ref night.png --mask-dir masks/ --out out/

    # N-domain methods (StarGAN...): every other domain in one call
    python tools/translate.py CONFIG CKPT --input img.png \
        --source-domain grass --target-domain all --out out/

Writes ``<out>/<stem>.png`` and, for methods that translate masks,
``<out>/<stem>_mask<k>.png``, at the input image's size (``--model-size``
keeps the test pipeline's size). With several styles the outputs are
``<stem>_style<k>.png`` (random) or ``<stem>_ref<k>.png`` (k-th
reference); with several target domains (``--target-domain A B`` or
``all``) each name gets ``_to<domain>`` after the stem; and
``<stem>_grid.png`` shows the input, (the references,) then every output.
Before any work it refuses outputs that would overwrite an input, two
inputs with the same stem (``x.png`` and ``x.jpg``), and existing outputs
unless ``--overwrite``.
"""
import argparse
import contextlib
import os
import os.path as osp
import re
import warnings

import torch
from mmengine.config import DictAction
from mmengine.utils import ProgressBar

from mmi2i.apis import (build_inference_pipeline,
                        encode_reference_object_styles,
                        encode_reference_styles, infos_from_annotations,
                        infos_from_detector, init_model, task_domains,
                        to_input_size, translate_infos)
from mmi2i.datasets.converters.cli import (add_mask_options, add_out_option,
                                           check_out, positive_int, run_tool)
from mmi2i.datasets.converters.instagan_folders import find_instance_masks
from mmi2i.datasets.io import IMG_EXTS, DataWarning, read_image
from mmi2i.visualization import save_grid, save_translation


def parse_args(argv=None):
    p = argparse.ArgumentParser(description='Translate images')
    p.add_argument('config')
    p.add_argument('checkpoint')
    p.add_argument('--input', required=True, help='an image or a folder')
    masks = p.add_mutually_exclusive_group()
    masks.add_argument('--ann', help='common-format JSON with the instances')
    masks.add_argument('--mask-dir',
                       help='folder of <stem>_<k>.png instance masks')
    add_mask_options(p)
    masks.add_argument('--det-config',
                       help='mmdet instance segmentation config: predict '
                       'the masks (with --det-checkpoint, --det-classes)')
    p.add_argument('--det-checkpoint')
    p.add_argument('--det-classes', nargs='+',
                   help='detector classes whose instances are translated')
    p.add_argument('--det-score-thr', type=float,
                   help='detections kept from this score (default 0.5)')
    p.add_argument('--source-domain', help='default: the other domain')
    p.add_argument('--target-domain', nargs='+',
                   help='one or more target domains, or "all" (every '
                   'domain but the source); default: the model\'s last '
                   'domain')
    add_out_option(p, 'folder', what='the translations (and masks)')
    p.add_argument('--overwrite', action='store_true',
                   help='replace outputs of an earlier run')
    p.add_argument('--model-size', action='store_true',
                   help="write at the test pipeline's size instead of the "
                   "input image's")
    styles = p.add_mutually_exclusive_group()
    styles.add_argument('--num-styles', type=positive_int,
                        help='multimodal methods: this many random styles '
                        'per image (default: the config\'s test_num_styles)')
    styles.add_argument('--style-ref', nargs='+', metavar='IMAGE',
                        help='multimodal methods: translate with the style '
                        'of each of these target-domain images')
    p.add_argument('--instance-style-ref', nargs='+', metavar='IMAGE',
                   help='INIT: render each instance in the style of an '
                   'instance of these target-domain images (their masks '
                   'come from the same --ann / --mask-dir / detector as '
                   "the inputs'); instance n takes reference instance n, "
                   'cycling')
    p.add_argument('--seed', type=int,
                   help='seed of the random styles (set right before '
                   'translating, so demo/gradio_app.py results reproduce)')
    p.add_argument('--batch-size', type=positive_int, default=1)
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


def check_outputs(images, out_dir: str, overwrite: bool, protected=()):
    """Refuse, before any work, outputs that would collide or overwrite.

    Args:
        images (list[str]): Input images; each writes ``<stem>.png`` and
            ``<stem>_mask<k>.png`` into ``out_dir``.
        protected (Iterable[str]): Further input files (masks) that must
            not be overwritten.

    Raises:
        SystemExit: naming the clashing files.
    """
    stems = {}
    for p in images:
        stems.setdefault(osp.splitext(osp.basename(p))[0], []).append(p)
    clashes = [ps for ps in stems.values() if len(ps) > 1]
    if clashes:
        shown = '; '.join(' and '.join(ps) for ps in clashes[:3])
        raise SystemExit(
            f'error: inputs with the same name would be written to the same '
            f'output file ({shown}); rename them or translate them apart')
    # what follows a stem in an output name
    rest = re.compile(r'(_to\w+?)?(_(?:style|ref)\d+)?(_mask\d+|_grid)?\.png')
    # an input named like another input's output (x_mask0.png beside x.png)
    named_like = sorted(
        (stems[s][0], stems[t][0]) for s in stems for t in stems
        if s != t and s.startswith(t) and rest.fullmatch(s[len(t):] + '.png'))
    if named_like:
        shown = '; '.join(f'{a} (an output name of {b})'
                          for a, b in named_like[:3])
        raise SystemExit(
            f'error: inputs would collide with the outputs of other inputs: '
            f'{shown}; rename them or translate them apart')
    if not osp.isdir(out_dir):
        return
    out_real = osp.realpath(out_dir)
    inputs = {osp.realpath(p) for p in list(images) + list(protected)}
    existing = []
    for name in sorted(os.listdir(out_dir)):
        if not any(name.startswith(stem) and rest.fullmatch(name[len(stem):])
                   for stem in stems):
            continue
        path = osp.join(out_real, name)
        if path in inputs:
            raise SystemExit(
                f'error: --out {out_dir} would overwrite the input {path}; '
                'choose another output folder')
        existing.append(name)
    if existing and not overwrite:
        raise SystemExit(
            f'error: {len(existing)} output file(s) exist already in '
            f'{out_dir} (e.g. {", ".join(existing[:3])}); pass --overwrite '
            'to replace them, or choose another --out')


def main(argv=None):
    args = parse_args(argv)
    images = list_images(args.input)
    protected = []
    if (args.mask_value is not None or args.mask_threshold is not None) \
            and not args.mask_dir:
        raise SystemExit('error: --mask-value / --mask-threshold read the '
                         'masks of --mask-dir; give --mask-dir')
    if not args.det_config and (args.det_checkpoint or args.det_classes or
                                args.det_score_thr is not None):
        raise SystemExit('error: --det-checkpoint / --det-classes / '
                         '--det-score-thr set up the detector of '
                         '--det-config; give --det-config')
    if args.mask_dir:
        if not osp.isdir(args.mask_dir):
            raise SystemExit(f'error: --mask-dir {args.mask_dir} is not a '
                             'folder')
        protected = [m for p in images
                     for m in find_instance_masks(args.mask_dir, p)]
    # never overwritten either
    protected += list(args.style_ref or ()) + list(args.instance_style_ref
                                                   or ())
    check_out(args.out, 'folder')
    check_outputs(images, args.out, args.overwrite, protected)
    model = init_model(args.config, args.checkpoint, args.device,
                       args.cfg_options)
    source, targets = task_domains(model.domains, args.source_domain,
                                   args.target_domain)
    segmenter = None
    if args.det_config:
        if not (args.det_checkpoint and args.det_classes):
            raise SystemExit('--det-config needs --det-checkpoint and '
                             '--det-classes')
        from mmi2i.evaluation import InstanceSegmenter
        segmenter = InstanceSegmenter(args.det_config, args.det_checkpoint,
                                      args.device)
    infos = read_infos(images, args, segmenter)
    pipeline = build_inference_pipeline(model.cfg, args.mask_dir,
                                        args.mask_value, args.mask_threshold)
    if args.style_ref and len(targets) > 1:
        raise SystemExit('error: --style-ref images belong to one target '
                         'domain; give a single --target-domain')
    styles = {t: style_codes(model, args, t) for t in targets}
    object_styles = {t: instance_style_codes(model, args, t, pipeline,
                                             segmenter) for t in targets}
    check_instances(model, infos, args)
    if args.seed is not None:
        torch.manual_seed(args.seed)
    try:
        with out_lock(args.out):
            written = write_translations(model, infos, pipeline, source,
                                         targets, styles, object_styles, args)
    except OSError as e:  # a full disk, a read-only folder...
        raise SystemExit(f'error: cannot write the translations to '
                         f'{args.out}: {e.strerror or e} (the file being '
                         'written was removed)')
    print(f'\n{written} translation(s) {source} -> {", ".join(targets)} '
          f'written to {args.out}')


def out_lock_path(out_dir: str) -> str:
    """The lock file of an output folder (in the temp folder)."""
    import hashlib
    import tempfile
    key = hashlib.sha1(osp.realpath(out_dir).encode()).hexdigest()[:16]
    return osp.join(tempfile.gettempdir(), f'mmi2i-translate-{key}.lock')


@contextlib.contextmanager
def out_lock(out_dir: str):
    """Hold an OS file lock on ``out_dir`` (released when the process ends,
    even killed; the lock file lives in the temp folder, named by the
    folder's real path, so ``--out`` holds only outputs) while writing: a
    second run into the same folder at the same time is refused instead
    of overwriting the first one's files."""
    from filelock import FileLock, Timeout
    os.makedirs(out_dir, exist_ok=True)
    lock = FileLock(out_lock_path(out_dir))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise SystemExit(f'error: another translate.py run is writing to '
                         f'{out_dir}; wait for it or choose another --out')
    try:
        yield
    finally:
        lock.release()


def write_translations(model, infos, pipeline, source, targets, styles,
                       object_styles, args) -> int:
    """Translate ``infos`` batch by batch and write each output as it
    comes (PNG through a temporary file); returns how many."""
    bar = ProgressBar(len(infos))
    written = 0
    for start in range(0, len(infos), args.batch_size):
        chunk = infos[start:start + args.batch_size]
        per_image = {}
        for target in targets:
            preds = translate_infos(model, chunk, pipeline, source, target,
                                    args.batch_size, styles[target],
                                    object_styles[target])
            for sample in preds:
                per_image.setdefault(sample.img_path, {}).setdefault(
                    target, []).append(sample)
        for path, by_target in per_image.items():
            outputs = []
            for target, samples in by_target.items():
                prefix = f'_to{target}' if len(targets) > 1 else ''
                for sample in samples:
                    if not args.model_size:
                        to_input_size(sample)
                    save_translation(
                        sample, args.out,
                        prefix + style_suffix(sample, len(samples), args))
                    outputs.append(sample)
                    written += 1
            if len(outputs) > 1 or args.style_ref:
                save_style_grid(path, outputs, args)
            bar.update()
    return written


def read_infos(images, args, segmenter=None):
    """Data infos of ``images`` with their instances from the mask source
    of the command line: ``--ann``, the detector, or none (``--mask-dir``
    masks are read by the pipeline)."""
    if args.ann:
        return infos_from_annotations(args.ann, osp.dirname(images[0]),
                                      images)
    if segmenter is not None:
        thr = 0.5 if args.det_score_thr is None else args.det_score_thr
        return infos_from_detector(segmenter, images, args.det_classes, thr)
    infos = []
    for path in images:
        h, w = read_image(path).shape[:2]
        infos.append(dict(img_path=path, height=h, width=w, instances=[]))
    return infos


def instance_style_codes(model, args, target, pipeline, segmenter):
    """INIT's per-instance styles from the instances of
    ``--instance-style-ref`` images (their masks from the same source as
    the inputs'), or None."""
    if not args.instance_style_ref:
        return None
    if not model.takes_object_styles:
        raise SystemExit(f'error: {type(model).__name__} has no per-instance '
                         'styles; --instance-style-ref needs INIT')
    refs = args.instance_style_ref
    missing = [r for r in refs if not osp.isfile(r)]
    if missing:
        raise SystemExit(f'error: --instance-style-ref images not found: '
                         f'{missing}')
    try:
        return encode_reference_object_styles(
            model, read_infos(refs, args, segmenter), pipeline, target)
    except ValueError as e:
        raise SystemExit(f'error: --instance-style-ref: {e}')


def check_instances(model, infos, args) -> None:
    """Say which images have no instances: per image when a mask source is
    given or the method translates instances (``model.uses_instances``),
    and refuse, before any translation, an instance-level method with no
    instances in any image (it would give back images it never changed).
    """
    given = bool(args.ann or args.det_config or args.mask_dir)
    counts = [(len(find_instance_masks(args.mask_dir, info['img_path']))
               if args.mask_dir else len(info['instances']))
              for info in infos]
    needs = model.uses_instances
    name = type(model).__name__
    if needs and not any(counts):
        how = ('none of the masks given matched them' if given else
               'give them with --ann, --mask-dir or --det-config')
        raise SystemExit(
            f'error: {name} translates instances, and none of the '
            f'{len(infos)} input image(s) has any: {how}')
    if not (given or needs):
        return
    for info, n in zip(infos, counts):
        if n == 0:
            warnings.warn(
                f'{info["img_path"]}: no instance masks; it is translated '
                'without instances' +
                (f' (what {name} changes are its instances)' if needs
                 else ''), DataWarning)


def style_codes(model, args, target):
    """Reference styles (--style-ref), or None: the model samples
    --num-styles (default test_num_styles) random ones."""
    if not (args.num_styles or args.style_ref):
        return None
    if not model.is_multimodal:
        raise SystemExit(f'error: {type(model).__name__} is deterministic; '
                         '--num-styles and --style-ref need a multimodal '
                         'method')
    if args.num_styles:  # >= 1 (positive_int)
        model.test_num_styles = args.num_styles
        return None
    refs = [p for p in args.style_ref if osp.isfile(p)]
    if len(refs) != len(args.style_ref):
        missing = sorted(set(args.style_ref) - set(refs))
        raise SystemExit(f'error: --style-ref images not found: {missing}')
    ref_pipeline = build_inference_pipeline(model.cfg)
    return encode_reference_styles(model, refs, ref_pipeline, target)


def style_suffix(sample, num: int, args) -> str:
    if num == 1 or 'style_index' not in sample:
        return ''
    kind = 'ref' if args.style_ref else 'style'
    return f'_{kind}{sample.style_index}'


def save_style_grid(path, samples, args) -> str:
    """<stem>_grid.png: the input, the references, then every output (by
    target domain, then style)."""
    images = [read_image(path)]
    images += [read_image(r) for r in args.style_ref or ()]
    images += [s.pred_img.permute(1, 2, 0).numpy() for s in samples]
    stem = osp.splitext(osp.basename(path))[0]
    return save_grid(images, osp.join(args.out, f'{stem}_grid.png'))


if __name__ == '__main__':
    run_tool(main)
