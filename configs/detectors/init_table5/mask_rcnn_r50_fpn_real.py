# INIT Table 5, rows "Real": mmdet's Mask R-CNN R50-FPN 1x on COCO 2017
# train, its own schedule ("the same number of training epochs and other
# default settings", INIT §4.4). Trained and evaluated on real and
# synthetic val2017 by tools/detection/augmentation_grid.py
# (docs/reproduce.md, INIT Table 5).
_base_ = 'mmdet::mask_rcnn/mask-rcnn_r50_fpn_1x_coco.py'
data_root = 'data/coco/'
# the synthetic copy of COCO (tools/synthesize_dataset.py with
# configs/init/sunny2night_coco_synthesis.py: OUT/images, OUT/annotations.json)
synth_root = 'data/coco_night/'
real_train = {{_base_.train_dataloader.dataset}}
synth_train = dict(
    type='CocoDataset',
    data_root=synth_root + 'train2017/',
    ann_file='annotations.json',
    data_prefix=dict(img=''),
    filter_cfg=dict(filter_empty_gt=True, min_size=32),
    pipeline={{_base_.train_pipeline}},
    backend_args=None)
