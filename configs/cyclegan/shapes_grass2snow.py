# CycleGAN between two background styles of the multi-domain shapes (grass
# -> snow): it changes the scene and keeps the animals, like INIT's
# sunny -> night; used for the toy detection-augmentation experiment.
# Data:
#   python tools/dataset_converters/shapes.py --out data/shapes_multi \
#       --kind multi
_base_ = './shapes.py'
data_root = 'data/shapes_multi'
domains = ('grass', 'snow')
val_dataloader = dict(
    dataset=dict(split='test'))
test_dataloader = val_dataloader
