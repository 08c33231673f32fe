# INIT's COCO-synthesis model (paper §4 "Implementation Details", Fig. 7,
# Tables 5-6): sunny -> night trained on the INIT images at their original
# size with 360x360 random crops ("to learn more details of images and
# objects, meanwhile, ignore the global information"), the object part an
# independent branch (its own encoders and decoders), objects 120x120.
# Its translations of COCO train2017 are the synthetic copy of Table 5:
#   python tools/synthesize_dataset.py \
#       configs/init/sunny2night_coco_synthesis.py CKPT \
#       --ann data/coco/annotations/instances_train2017.json \
#       --img-dir data/coco/train2017 --out data/coco_night/train2017
# (docs/reproduce.md, INIT Table 5).
_base_ = './sunny2night.py'
model = dict(object_branch='independent')
# its paper result is the detector's (Table 5, docs/reproduce.md); tested
# here with the weather protocol's test_evaluator (IS, CIS, LPIPS, FID)
paper_results = None
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadInstances'),
    dict(type='RandomCrop', crop_size=(360, 360)),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackTranslationInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadInstances'),
    dict(type='PackTranslationInputs'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
