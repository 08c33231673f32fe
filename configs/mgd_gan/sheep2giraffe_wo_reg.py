# MGD-GAN's ablation B (Table 2): without the mask regression loss L_reg
# (its completeness and size-penalty terms).
# test_evaluator: sheep2giraffe.py's (MMR/MODS/MVIS, preservation)
_base_ = './sheep2giraffe.py'
model = dict(loss_overrides=dict(completeness=None, size_penalty=None))
paper_results = dict(
    source='MGD-GAN Table 2, row B',
    metrics={
        '_delete_': True,  # not the full model's row
        'det/giraffe2sheep/MMR': 14.7,
        'det/sheep2giraffe/MMR': 65.1,
        'det/giraffe2sheep/MODS': 14.0,
        'det/sheep2giraffe/MODS': 71.5,
        'det/giraffe2sheep/MVIS': 12.2,
        'det/sheep2giraffe/MVIS': 54.0,
    })
