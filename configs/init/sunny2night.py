# INIT on its own dataset, sunny <-> night (paper §4, the I2I models of
# Tables 2-4): MUNIT's networks and schedule with the object branch
# (objects from the car, person and traffic-sign boxes, 120x120; encoders
# shared, own object decoders), batch 1. Images: the short side resized to
# 360 and used whole (the paper names no crop here; its 360x360 crops are
# the COCO-synthesis model's, sunny2night_coco_synthesis.py).
# Data: configs/init/README.md.
_base_ = [
    '../_base_/models/init.py', '../_base_/datasets/init_weather.py',
    '../_base_/schedules/munit_step.py', '../_base_/default_runtime.py'
]
domains = ('sunny', 'night')
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadInstances'),
    dict(type='Resize', scale=360, keep_ratio=True),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackTranslationInputs'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))

# the papers' test protocol on these data (init_weather.py): IS and CIS
# (Table 4), LPIPS diversity (Table 3), FID; the paper's numbers (INIT
# w/ D_s, the default) printed by tools/test.py next to the measured ones
model = dict(test_num_styles={{_base_.paper_test_styles}})
test_evaluator = {{_base_.paper_metrics}}
paper_results = dict(
    source='INIT Tables 3-4, INIT w/ D_s',
    metrics={
        'lpips_div/sunny2night': 0.330,
        'is/sunny2night/CIS': 1.060,
        'is/sunny2night/IS': 1.118,
        'is/night2sunny/CIS': 1.045,
        'is/night2sunny/IS': 1.080,
    })
