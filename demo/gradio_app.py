"""Browser demo: upload a photo, give its instances, pick a method and a
target, see the translations (several styles side by side).

Models are config + checkpoint pairs (or every work dir under
``--work-dirs``); each is loaded once. The photo is uploaded as a file
(any mode the tools read) or pasted from the clipboard. Instances come
from the detector (``--det-config``/``--det-checkpoint``), are drawn on
the photo (one editor layer per instance) or uploaded as mask files;
methods that need none skip them. Under each result the page shows the
``tools/translate.py`` command that reproduces it. It listens on
127.0.0.1 unless told otherwise (``--share`` is off by default).

Examples::

    pip install -r requirements/demo.txt
    python demo/gradio_app.py configs/munit/shapes.py \
        work_dirs/munit/shapes/iter_3000.pth
    python demo/gradio_app.py --work-dirs work_dirs \
        --det-config configs/detectors/mask_rcnn_tiny_shapes.py \
        --det-checkpoint work_dirs/detectors/mask_rcnn_tiny_shapes \
        --det-classes sheep giraffe
"""
import os.path as osp
import sys
from typing import Dict, List, Optional

import numpy as np

from mmi2i.apis.demo import (DemoError, DemoModel, detect_instances,
                             find_work_dir_models, load_models,
                             masks_from_files, masks_from_layers, overlay,
                             read_photo, translate_photo)
from mmi2i.datasets.io import DataError


def _error(e: Exception) -> str:
    """The page's message for a failed action: one sentence."""
    if isinstance(e, (DemoError, DataError, FileNotFoundError, KeyError,
                      TypeError, ValueError)):
        return f'**Error:** {str(e).strip(chr(34) + chr(39))}'
    return (f'**Error:** unexpected {type(e).__name__}: {e} (please report '
            'it with the steps that led here)')


class DemoPage:
    """The page's callbacks, each a plain function of the page's values
    (tested without a browser in ``tests/test_demo``).

    Args:
        models: Label -> :class:`DemoModel`.
        segmenter: An :class:`~mmi2i.evaluation.InstanceSegmenter`, or
            None (no detector on the page).
        det_classes: The detector classes offered.
        work_dir: Where the sessions' files are written.
    """

    def __init__(self, models: Dict[str, DemoModel], segmenter=None,
                 det_classes=(), work_dir: Optional[str] = None) -> None:
        self.models = models
        self.segmenter = segmenter
        self.det_classes = list(det_classes)
        self.work_dir = work_dir

    # -- model --------------------------------------------------------------
    def model_info(self, label: str):
        """Markdown about the model, and the source/target choices."""
        import gradio as gr
        d = self.models[label].describe()
        text = (f"**{d['method']}**: domains {', '.join(d['domains'])}; "
                + ('multimodal (styles); ' if d['multimodal'] else
                   'deterministic; ')
                + ('translates instances (give them below).'
                   if d['instances'] else 'needs no instances.')
                + f"  \n`{d['config']}` / `{d['checkpoint']}`")
        doms = d['domains']
        return (text, gr.update(choices=doms, value=doms[0]),
                gr.update(choices=doms, value=doms[-1]))

    # -- photo and instances ------------------------------------------------
    def load_photo(self, path: Optional[str]):
        """The photo into the drawing editor, or the reason it cannot."""
        if not path:
            return None, ''
        try:
            img = read_photo(path)
        except DemoError as e:
            return None, _error(e)
        return (dict(background=img, layers=[], composite=img),
                f'Photo {img.shape[1]}x{img.shape[0]} (width x height) '
                'loaded.')

    def detect(self, path: Optional[str], classes: List[str],
               score_thr: float):
        """Run the detector: the overlay, one checkbox per instance."""
        import gradio as gr
        try:
            if self.segmenter is None:
                raise DemoError('this page has no detector (start it with '
                                '--det-config and --det-checkpoint)')
            masks = detect_instances(self.segmenter, path, classes,
                                     float(score_thr))
            img = read_photo(path)
        except Exception as e:  # noqa: BLE001 - shown on the page
            return None, gr.update(choices=[], value=[]), [], _error(e)
        names = [f'instance {k}' for k in range(len(masks))]
        msg = (f'{len(masks)} instance(s) found.' if masks else
               'No instance found: draw them or lower the score threshold.')
        return (overlay(img, masks), gr.update(choices=names, value=names),
                masks, msg)

    def show_instances(self, path: Optional[str], selected: List[str],
                       masks: List[np.ndarray]):
        """The overlay of the instances ticked."""
        try:
            img = read_photo(path)
        except DemoError:
            return None
        return overlay(img, masks, self._ticked(selected))

    @staticmethod
    def _ticked(selected: List[str]) -> List[int]:
        return [int(s.split()[-1]) for s in selected or ()]

    def instances(self, path: str, editor, mask_files, selected,
                  detected) -> List[np.ndarray]:
        """Every instance given: ticked detections, drawn layers, files."""
        size = read_photo(path).shape[:2]
        masks = [detected[k] for k in self._ticked(selected)
                 if k < len(detected or ())]
        layers = (editor or {}).get('layers') if isinstance(editor,
                                                            dict) else None
        masks += masks_from_layers(layers, size)
        masks += masks_from_files(mask_files, size)
        return masks

    # -- translation --------------------------------------------------------
    def translate(self, label, path, editor, mask_files, selected, detected,
                  source, target, num_styles, seed, reference,
                  progress=None):
        """Gallery images, status, the reproducing command, the files."""
        try:
            masks = self.instances(path, editor, mask_files, selected,
                                   detected)
            res = translate_photo(self.models[label], path, masks, source,
                                  target, int(num_styles), int(seed),
                                  reference, self.work_dir, progress)
        except Exception as e:  # noqa: BLE001 - shown on the page
            return [], _error(e), '', []
        msg = (f'{len(res.images)} translation(s) {source} -> {target}, '
               f'{len(masks)} instance(s), at the photo\'s size.')
        gallery = []
        for k, (img, out_masks) in enumerate(zip(res.images, res.masks)):
            gallery.append((img, f'style {k}' if len(res.images) > 1 else
                            'translation'))
            if out_masks:
                gallery.append((overlay(img, out_masks),
                                f'translated masks {k}'))
        return gallery, msg, res.command, res.files


def build_app(page: DemoPage):
    """The gradio page around :class:`DemoPage`."""
    import gradio as gr
    labels = list(page.models)
    with gr.Blocks(title='mmi2i demo') as app:
        gr.Markdown('# mmi2i: instance-level image-to-image translation\n'
                    'Upload a photo, give its instances if the method '
                    'translates instances, choose the domains and '
                    'translate.')
        with gr.Row():
            model = gr.Dropdown(labels, value=labels[0], label='Model',
                                elem_id='model')
            info = gr.Markdown(elem_id='model-info')
        with gr.Row():
            with gr.Column():
                photo = gr.File(label='Photo (any image file)',
                                type='filepath', elem_id='photo')
                pasted = gr.Image(label='... or paste one (Ctrl+V)',
                                  sources=['clipboard'], type='filepath',
                                  image_mode=None, height=120,
                                  elem_id='paste')
                photo_path = gr.State(None)  # the uploaded or pasted file
                editor = gr.ImageEditor(
                    label='Instances: draw each on its own layer',
                    type='numpy', image_mode='RGBA', sources=(),
                    layers=True, elem_id='editor',
                    brush=gr.Brush(colors=['#ff0000'], default_size=16,
                                   color_mode='fixed'))
                mask_files = gr.File(label='Instance masks (files)',
                                     file_count='multiple', type='filepath',
                                     elem_id='mask-files')
                detected = gr.State([])
                with gr.Group(visible=page.segmenter is not None):
                    det_classes = gr.CheckboxGroup(
                        page.det_classes, value=page.det_classes,
                        label='Detector classes')
                    score = gr.Slider(0.05, 1.0, value=0.5, step=0.05,
                                      label='Score threshold')
                    detect = gr.Button('Detect instances')
                    ticked = gr.CheckboxGroup([], label='Instances used')
                    shown = gr.Image(label='Detected instances',
                                     interactive=False)
            with gr.Column():
                with gr.Row():
                    source = gr.Dropdown([], label='Source domain',
                                         elem_id='source')
                    target = gr.Dropdown([], label='Target domain',
                                         elem_id='target')
                with gr.Row():
                    num_styles = gr.Slider(1, 8, value=3, step=1,
                                           label='Styles (multimodal)',
                                           elem_id='num-styles')
                    seed = gr.Number(0, precision=0, label='Seed',
                                     elem_id='seed')
                reference = gr.File(label='Style reference (optional)',
                                    type='filepath')
                run = gr.Button('Translate', variant='primary',
                                elem_id='translate')
                status = gr.Markdown(elem_id='status')
                gallery = gr.Gallery(label='Translations', columns=3,
                                     elem_id='gallery', format='png')
                command = gr.Code(label='Reproduce with tools/translate.py',
                                  language='shell', elem_id='command')
                files = gr.File(label='Download', file_count='multiple',
                                elem_id='files')
        model.change(page.model_info, model, [info, source, target])
        app.load(page.model_info, model, [info, source, target])

        def choose(path):
            return (path, *page.load_photo(path))

        photo.change(choose, photo, [photo_path, editor, status])
        pasted.change(choose, pasted, [photo_path, editor, status])
        detect.click(page.detect, [photo_path, det_classes, score],
                     [shown, ticked, detected, status])
        ticked.change(page.show_instances, [photo_path, ticked, detected],
                      shown)

        def run_translate(*args, progress=gr.Progress()):
            return page.translate(*args, progress=progress)

        run.click(run_translate,
                  [model, photo_path, editor, mask_files, ticked, detected,
                   source, target, num_styles, seed, reference],
                  [gallery, status, command, files])
    return app


def parse_args(argv=None):
    from mmi2i.datasets.converters.cli import tool_parser
    p = tool_parser(__doc__)
    p.add_argument('models', nargs='*', metavar='CONFIG CHECKPOINT',
                   help='config and checkpoint pairs')
    p.add_argument('--work-dirs', metavar='ROOT',
                   help='add every work dir under ROOT (its dumped config '
                   'and latest checkpoint)')
    p.add_argument('--det-config', help='mmdet instance segmentation config')
    p.add_argument('--det-checkpoint', help='its weights (or work dir)')
    p.add_argument('--det-classes', nargs='+', default=[],
                   help='detector classes offered (default: all)')
    p.add_argument('--device', help='default: cuda when present, else cpu')
    p.add_argument('--session-dir', default='work_dirs/demo',
                   help="where each translation's files are written")
    p.add_argument('--host', default='127.0.0.1')
    p.add_argument('--port', type=int, default=7860)
    p.add_argument('--share', action='store_true',
                   help="a public gradio.live link (off by default)")
    args = p.parse_args(argv)
    if len(args.models) % 2:
        p.error('models come in CONFIG CHECKPOINT pairs')
    if not args.models and not args.work_dirs:
        p.error('give CONFIG CHECKPOINT pairs or --work-dirs')
    if bool(args.det_config) != bool(args.det_checkpoint):
        p.error('--det-config and --det-checkpoint go together')
    return args


def make_page(args) -> DemoPage:
    pairs = list(zip(args.models[::2], args.models[1::2]))
    if args.work_dirs:
        pairs += find_work_dir_models(args.work_dirs)
    models = load_models(pairs, args.device)
    segmenter, classes = None, args.det_classes
    if args.det_config:
        from mmi2i.evaluation import InstanceSegmenter
        segmenter = InstanceSegmenter(args.det_config, args.det_checkpoint,
                                      next(iter(models.values())).device)
        classes = classes or list(segmenter.classes)
    return DemoPage(models, segmenter, classes, osp.abspath(
        args.session_dir))


def main(argv=None, block: bool = True):
    """Start the page; returns the gradio app (with ``block=False`` the
    server runs in a thread, for tests)."""
    args = parse_args(argv)
    try:
        import gradio  # noqa: F401
    except ImportError:
        sys.exit('error: the demo needs gradio: pip install -r '
                 'requirements/demo.txt')
    app = build_app(make_page(args))
    app.queue().launch(server_name=args.host, server_port=args.port,
                       share=args.share, prevent_thread_lock=not block)
    return app


if __name__ == '__main__':
    from mmi2i.datasets.converters.cli import run_tool
    run_tool(main)
