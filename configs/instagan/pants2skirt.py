# InstaGAN on MHP pants <-> skirt (the authors' code: images resized and
# centre-cropped to 450x300 without distortion, load 270x180, crop 240x160;
# h x w).
# Data: tools/dataset_converters/mhp.py (see README.md).
_base_ = './sheep2giraffe.py'
domains = ('pants', 'skirt')
data_root = 'data/mhp_pants2skirt'
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadInstances'),
    dict(type='ResizeAndCenterCrop', size=(300, 450)),  # (w, h)
    dict(type='Resize', scale=(180, 270)),
    dict(type='RandomCrop', crop_size=(160, 240)),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackTranslationInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadInstances'),
    dict(type='ResizeAndCenterCrop', size=(300, 450)),
    dict(type='Resize', scale=(160, 240)),
    dict(type='PackTranslationInputs'),
]
train_dataloader = dict(
    dataset=dict(pipeline=train_pipeline))
test_dataloader = dict(
    dataset=dict(
        split='val',
        pipeline=test_pipeline))
val_dataloader = test_dataloader
# clothes are not COCO classes: no detector metrics here (MGD-GAN's paper
# shows pants <-> skirt without numbers)
test_evaluator = [dict(type='PreservationMetric')]
paper_results = None
