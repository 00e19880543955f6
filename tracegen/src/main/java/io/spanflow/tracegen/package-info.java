/**
 * Spanflow's load generator ({@code ./spanflow tracegen}), demo application ({@code ./spanflow
 * demo}) and the helpers of the end-to-end benchmark, all sending through real client protocols.
 */
package io.spanflow.tracegen;
