# An SMMU path longer than 63 bytes is refused, not cut short.
# error: smmu: path "/amba/smmu@fd800000/..." is 70 bytes long, at most 63
smmu path="/amba/smmu@fd800000/with/a/very/long/device/tree/path/beyond/the/limit"
