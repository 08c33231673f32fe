# MGD-GAN on COCO sheep <-> giraffe (IJCAI 2021, Sec. 3): batch 2, Adam
# (0.5, 0.999) lr 0.002, masks 100 epochs, images 200, fine-tuning 50.
# Data: the InstaGAN COCO pairs with InstaGAN's preparation (resize +
# centre crop 256, load 220, crop 200); configs/mgd_gan/README.md.
_base_ = [
    '../_base_/datasets/coco_pair.py', '../_base_/default_runtime.py',
    '../_base_/models/mgd_gan.py'
]
domains = ('sheep', 'giraffe')
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadInstances'),
    # inpainted once per image into <data_root>/backgrounds (cache; fill it
    # beforehand with tools/misc/inpaint_backgrounds.py)
    dict(type='LoadInpaintedBackground'),
    dict(type='ResizeAndCenterCrop', size=256),
    dict(type='Resize', scale=(220, 220)),
    dict(type='RandomCrop', crop_size=(200, 200)),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackTranslationInputs'),
]
train_dataloader = dict(
    batch_size=2,
    dataset=dict(max_instances=None,
                 pipeline=train_pipeline))
train_cfg = dict(
    type='IterBasedTrainLoop',
    max_iters='auto',  # the sum of the stages (tools/train.py counts)
    val_interval=10000)

# the paper's metrics (MGD-GAN Sec. 3.3) and its numbers, printed by
# tools/test.py next to the measured ones
test_evaluator = {{_base_.coco_detection_metrics}}
paper_results = dict(
    source='MGD-GAN Table 1, MGD-GAN row',
    metrics={
        'det/giraffe2sheep/MMR': 47.7,
        'det/sheep2giraffe/MMR': 65.0,
        'det/giraffe2sheep/MODS': 46.0,
        'det/sheep2giraffe/MODS': 69.4,
        'det/giraffe2sheep/MVIS': 42.7,
        'det/sheep2giraffe/MVIS': 53.9,
    })
