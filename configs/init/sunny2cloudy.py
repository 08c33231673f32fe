# INIT on its own dataset, sunny <-> cloudy (paper §4); as sunny2night, its
# test_evaluator (IS, CIS, LPIPS, FID) included.
_base_ = './sunny2night.py'
domains = ('sunny', 'cloudy')
paper_results = dict(
    source='INIT Tables 3-4, INIT w/ D_s',
    metrics={
        '_delete_': True,
        'lpips_div/sunny2cloudy': 0.224,
        'is/sunny2cloudy/CIS': 1.040,
        'is/sunny2cloudy/IS': 1.142,
        'is/cloudy2sunny/CIS': 1.016,
        'is/cloudy2sunny/IS': 1.460,
    })
