# The CycleGAN authors' released horse2zebra / zebra2horse generators
# (ResNet-9, instance norm, no dropout), converted with
# tools/model_converters/cyclegan_official.py (configs/cyclegan/README.md).
# Their test: a 256x256 resize (no crop). The data: the CycleGAN
# horse2zebra folders converted with instagan_folders.py --allow-empty.
_base_ = ['./sheep2giraffe.py']
data_root = 'data/horse2zebra'
domains = ['horse', 'zebra']
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadInstances'),
    dict(type='Resize', scale=(256, 256)),
    dict(type='PackTranslationInputs'),
]
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
