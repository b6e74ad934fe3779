"""The twelve demo clusters of DESIGN 7, in the order they are loaded."""

from portal.demo import clusters_by, clusters_kg_am, clusters_kz, clusters_ru
from portal.demo.catalogue import DemoCluster

CLUSTERS: tuple[DemoCluster, ...] = (
    *clusters_ru.CLUSTERS, *clusters_kz.CLUSTERS, *clusters_by.CLUSTERS, *clusters_kg_am.CLUSTERS,
)
