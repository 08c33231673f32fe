# Ablation of the toy run (the paper's Table 4 / Fig. 9): the feature
# contrastive losses removed, everything else as shapes.py; compares how
# the memory keys spread.
_base_ = './shapes.py'
model = dict(loss_overrides=dict(key_con=None, value_con=None))
