# MGD-GAN's ablation C (Table 2): without the mask consistency loss L_const.
# test_evaluator: sheep2giraffe.py's (MMR/MODS/MVIS, preservation)
_base_ = './sheep2giraffe.py'
model = dict(loss_overrides=dict(consistency=None))
paper_results = dict(
    source='MGD-GAN Table 2, row C',
    metrics={
        '_delete_': True,  # not the full model's row
        'det/giraffe2sheep/MMR': 38.1,
        'det/sheep2giraffe/MMR': 60.0,
        'det/giraffe2sheep/MODS': 37.5,
        'det/sheep2giraffe/MODS': 66.9,
        'det/giraffe2sheep/MVIS': 35.6,
        'det/sheep2giraffe/MVIS': 51.4,
    })
