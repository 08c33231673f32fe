# MUNIT on COCO sheep <-> giraffe with the public code's defaults: images
# resized to a shorter side of 256 and randomly cropped to 256x256
# (new_size / crop_image_* of the official configs), batch 1, 1M
# iterations. Data: configs/cyclegan/README.md (same converter).
_base_ = [
    '../_base_/datasets/coco_pair.py', '../_base_/schedules/munit_step.py',
    '../_base_/default_runtime.py', '../_base_/models/munit.py'
]
train_dataloader = dict(dataset=dict(pipeline=[
    dict(type='LoadImageFromFile'),
    dict(type='LoadInstances'),
    dict(type='Resize', scale=256, keep_ratio=True),
    dict(type='RandomCrop', crop_size=(256, 256)),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackTranslationInputs'),
]))
test_dataloader = dict(dataset=dict(pipeline=[
    dict(type='LoadImageFromFile'),
    dict(type='LoadInstances'),
    dict(type='ResizeAndCenterCrop', size=256),
    dict(type='PackTranslationInputs'),
]))
val_dataloader = test_dataloader
