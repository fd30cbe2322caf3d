# dt-iommu= takes on or off: what dom0's DT says of the device's IOMMU.
# error: expected on or off
device nic0 owner=d0 dt-iommu=maybe
