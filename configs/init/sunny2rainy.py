# INIT on its own dataset, sunny <-> rainy (paper §4); as sunny2night, its
# test_evaluator (IS, CIS, LPIPS, FID) included.
_base_ = './sunny2night.py'
domains = ('sunny', 'rainy')
paper_results = dict(
    source='INIT Tables 3-4, INIT w/ D_s',
    metrics={
        '_delete_': True,
        'lpips_div/sunny2rainy': 0.267,
        'is/sunny2rainy/CIS': 1.036,
        'is/sunny2rainy/IS': 1.152,
        'is/rainy2sunny/CIS': 1.060,
        'is/rainy2sunny/IS': 1.119,
    })
