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
_test_pipeline = _pipeline + [
    dict(type='CenterCrop', crop_size=(256, 256)),
    dict(type='PackTranslationInputs')
]
val_dataloader = dict(dataset=dict(pipeline=_test_pipeline))
# the papers' test protocol on these data (_base_/datasets/init_weather.py):
# IS (Table 2), FID (Table 3), LPIPS diversity (Table 7) of sunny images
# translated to each other weather (the tables' columns), 100 inputs x
# 100 styles; the paper's numbers printed by tools/test.py
test_dataloader = dict(
    dataset=dict(pipeline=_test_pipeline, test_domains=['sunny']))
model = dict(test_num_styles={{_base_.paper_test_styles}})
test_evaluator = {{_base_.paper_metrics}}
paper_results = dict(
    source='CGL Tables 2, 3, 7, Ours w/ L_cgc',
    metrics={
        'is/sunny2night/IS': 1.70,
        'is/sunny2cloudy/IS': 1.65,
        'is/sunny2rainy/IS': 1.52,
        'fid/sunny2night': 76.34,
        'fid/sunny2cloudy': 14.26,
        'fid/sunny2rainy': 47.43,
        'lpips_div/sunny2night': 0.31,
        'lpips_div/sunny2cloudy': 0.19,
        'lpips_div/sunny2rainy': 0.18,
    })
