# DRIT++ on COCO sheep <-> giraffe with the public code's defaults: batch 2
# (half encoded, half for the random-attribute discriminator), 216x216
# random crops (the official code squashes images to 256x256 first; here
# the aspect is kept, as in every COCO config), 1200 epochs.
# Data: configs/cyclegan/README.md (same converter).
_base_ = [
    '../_base_/datasets/coco_pair.py', '../_base_/schedules/drit_epochs.py',
    '../_base_/default_runtime.py', '../_base_/models/drit.py'
]
train_dataloader = dict(
    batch_size=2,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(pipeline=[
        dict(type='LoadImageFromFile'),
        dict(type='LoadInstances'),
        dict(type='ResizeAndCenterCrop', size=256),
        dict(type='RandomCrop', crop_size=(216, 216)),
        dict(type='RandomFlip', prob=0.5),
        dict(type='PackTranslationInputs'),
    ]))
test_dataloader = dict(dataset=dict(pipeline=[
    dict(type='LoadImageFromFile'),
    dict(type='LoadInstances'),
    dict(type='ResizeAndCenterCrop', size=256),
    dict(type='CenterCrop', crop_size=(216, 216)),
    dict(type='PackTranslationInputs'),
]))
val_dataloader = test_dataloader
