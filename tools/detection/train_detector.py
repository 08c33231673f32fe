"""Train an mmdet detector config (e.g. the toy Mask R-CNN).

Example::

    python tools/detection/train_detector.py \
        configs/detectors/mask_rcnn_tiny_shapes.py

Runs MMEngine's Runner in mmdet's scope; accepts the same options as
tools/train.py (--work-dir, --resume, --cfg-options, --launcher).
"""
import os.path as osp
import sys

sys.path.insert(0, osp.dirname(osp.dirname(osp.abspath(__file__))))

from train import main  # noqa: E402

if __name__ == '__main__':
    main()
