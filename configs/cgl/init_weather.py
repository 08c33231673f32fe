# CGL on the INIT dataset's four weathers (sunny, night, cloudy, rainy;
# paper §4): the paper's networks and losses, 256x256 crops of images
# resized to a short side of 256, instances 128x128, pairs of images of two
# different random domains, batch 2, Adam lr 1e-4 halved every 100k.
# Data: configs/init/README.md.
_base_ = [
    '../_base_/models/cgl.py', '../_base_/datasets/init_weather.py',
    '../_base_/schedules/munit_step.py', '../_base_/default_runtime.py'
]
domains = ('sunny', 'night', 'cloudy', 'rainy')
_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadInstances'),
    dict(type='Resize', scale=256, keep_ratio=True),
]
train_dataloader = dict(
    batch_size=2,
    dataset=dict(
        sampling='pair',
        pipeline=_pipeline + [
            dict(type='RandomCrop', crop_size=(256, 256)),
            dict(type='RandomFlip', prob=0.5),
            dict(type='PackTranslationInputs')
        ]))
val_dataloader = dict(
    dataset=dict(
        pipeline=_pipeline + [
            dict(type='CenterCrop', crop_size=(256, 256)),
            dict(type='PackTranslationInputs')
        ]))
test_dataloader = val_dataloader
