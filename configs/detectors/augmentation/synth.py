# Toy INIT Table 5: trained on SYNTHETIC target-domain images (grass images
# translated to snow by configs/cyclegan/shapes_grass2snow.py, annotations
# kept; built with tools/synthesize_dataset.py).
_base_ = './real.py'
synth_train = dict(
    type='CocoDataset',
    data_root='data/shapes_multi/synth/grass2snow_train/',
    metainfo=dict(classes={{_base_.classes}}),
    ann_file='annotations.json',
    data_prefix=dict(img=''),
    filter_cfg=dict(filter_empty_gt=True, min_size=4),
    pipeline={{_base_.train_pipeline}})
train_dataloader = dict(dataset=synth_train)
