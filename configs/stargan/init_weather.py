# StarGAN on the INIT dataset's four weathers (sunny, night, cloudy,
# rainy; the CGL paper's baseline), the public code's networks, losses and
# schedule (batch 16, 200k iterations) on 128px images: short side 128,
# random 128x128 crops. Data: configs/init/README.md.
_base_ = [
    '../_base_/models/stargan.py', '../_base_/datasets/init_weather.py',
    '../_base_/schedules/stargan_200k.py', '../_base_/default_runtime.py'
]
domains = ('sunny', 'night', 'cloudy', 'rainy')
_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadInstances'),
    dict(type='Resize', scale=128, keep_ratio=True),
]
train_dataloader = dict(
    batch_size=16,
    dataset=dict(
        sampling='one_domain',
        pipeline=_pipeline + [
            dict(type='RandomCrop', crop_size=(128, 128)),
            dict(type='RandomFlip', prob=0.5),
            dict(type='PackTranslationInputs')
        ]))
val_dataloader = dict(
    dataset=dict(
        pipeline=_pipeline + [
            dict(type='CenterCrop', crop_size=(128, 128)),
            dict(type='PackTranslationInputs')
        ]))
test_dataloader = val_dataloader
