# Toy version of INIT's Table 5: a Mask R-CNN trained on REAL target-domain
# images (shapes_multi, snow backgrounds). See docs/evaluation.md.
_base_ = '../mask_rcnn_tiny_shapes.py'
data_root = 'data/shapes_multi/'
real_train = dict(
    type='CocoDataset',
    data_root=data_root,
    metainfo=dict(classes={{_base_.classes}}),
    ann_file='annotations/snow_train.json',
    data_prefix=dict(img='images/snow_train/'),
    filter_cfg=dict(filter_empty_gt=True, min_size=4),
    pipeline={{_base_.train_pipeline}})
train_dataloader = dict(dataset=real_train)
val_dataloader = dict(
    dataset=dict(
        data_root=data_root,
        ann_file='annotations/snow_test.json',
        data_prefix=dict(img='images/snow_test/')))
test_dataloader = val_dataloader
val_evaluator = dict(ann_file=data_root + 'annotations/snow_test.json')
test_evaluator = val_evaluator
max_iters = 600
train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, by_epoch=False, begin=0,
         end=50),
    dict(type='MultiStepLR', by_epoch=False, milestones=[450], gamma=0.1)
]
