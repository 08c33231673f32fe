# Toy domain-adaptive detection (MGUIT, Table 3): a detector trained on the
# SOURCE domain only (grass backgrounds), evaluated on real target (snow)
# images and on grass images translated to snow, with
# tools/detection/domain_adaptive_eval.py.
_base_ = './real.py'
train_dataloader = dict(
    dataset=dict(
        ann_file='annotations/grass_train.json',
        data_prefix=dict(img='images/grass_train/')))
