package io.quanyun.access;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.event.EventListener;

/** Records the access module's events as they are published. */
final class RecordedEvents {

    private final List<Object> events = new CopyOnWriteArrayList<>();

    @EventListener({GrantActivated.class, GrantSuspended.class, GrantRestored.class, GrantEnded.class,
            ScenarioRequestSubmitted.class, ScenarioRequestApproved.class, ScenarioRequestRejected.class,
            ScenarioRequestWithdrawn.class, ScenarioRequestAmended.class})
    void on(Object event) {
        events.add(event);
    }

    <T> List<T> ofType(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
