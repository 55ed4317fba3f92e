package io.quanyun.supervision;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.data.repository.ListCrudRepository;

interface RectificationOrders extends ListCrudRepository<RectificationOrder, UUID> {

    List<RectificationOrder> findAllByOrderByCreatedAtDesc();

    List<RectificationOrder> findByStateIn(Collection<RectificationState> states);
}
